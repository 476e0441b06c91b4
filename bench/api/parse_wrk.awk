# Parses the output of `wrk --latency` and prints one line:
#   <requests/s> <p50 ms> <p99 ms> <non-2xx/3xx responses> <socket errors>
# Latencies are converted to milliseconds from wrk's units (us, ms, s, m, h).
# A value wrk did not print is "NA"; the error counts default to 0.
#
#   awk -f bench/api/parse_wrk.awk wrk-output.txt

function to_ms(text,    number, unit) {
  number = text
  sub(/[a-z]+$/, "", number)
  unit = text
  sub(/^[0-9.]+/, "", unit)
  if (number == "" || number !~ /^[0-9.]+$/) return "NA"
  if (unit == "us") return number / 1000
  if (unit == "ms" || unit == "") return number + 0
  if (unit == "s") return number * 1000
  if (unit == "m") return number * 60000
  if (unit == "h") return number * 3600000
  return "NA"
}

BEGIN { rps = "NA"; p50 = "NA"; p99 = "NA"; non2xx = 0; sockerr = 0; in_dist = 0 }

/^[[:space:]]*Latency Distribution/ { in_dist = 1; next }
in_dist && $1 == "50%" { p50 = to_ms($2); next }
in_dist && $1 == "99%" { p99 = to_ms($2); next }
in_dist && $1 !~ /%$/ { in_dist = 0 }

/^Requests\/sec:/ { rps = $2 + 0 }
/Non-2xx or 3xx responses:/ { non2xx = $NF + 0 }
/^[[:space:]]*Socket errors:/ {
  # Socket errors: connect 0, read 0, write 0, timeout 0
  line = $0
  sub(/.*Socket errors:/, "", line)
  n = split(line, parts, ",")
  for (i = 1; i <= n; i++) {
    split(parts[i], kv, " ")
    sockerr += kv[2] + 0
  }
}

END {
  if (p50 != "NA") p50 = sprintf("%.3f", p50)
  if (p99 != "NA") p99 = sprintf("%.3f", p99)
  if (rps != "NA") rps = sprintf("%.2f", rps)
  print rps, p50, p99, non2xx, sockerr
}
