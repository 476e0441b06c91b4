#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang++-14, ASan+UBSan) in build/fuzz
# and runs each for FUZZ_SECONDS (default 20) on a temporary copy of its seed
# corpus in fuzz/corpus/<target>/, so generated inputs never land in the repo.
# Prints the executions per target; exits non-zero when a target fails to
# build or finds a crash, leak, timeout or broken property (the reproducer is
# kept in build/fuzz/crashes/<target>/).
#   scripts/run-fuzzers.sh [target...]     (default: every target)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build/fuzz"
seconds="${FUZZ_SECONDS:-20}"
targets=(fuzz_protocol_detect fuzz_socks5 fuzz_proxy_config fuzz_request_host fuzz_ui_stream)
if [ $# -gt 0 ]; then
  targets=("$@")
fi

# fuzz/CMakeLists.txt uses ccache itself when it is installed.
cmake -S "$root/fuzz" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 >/dev/null
cmake --build "$build" --target "${targets[@]}" -j "${JOBS:-$(nproc)}"

work="$(mktemp -d "${TMPDIR:-/tmp}/octobot-fuzz.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Runs one target in its own scratch directory; returns libFuzzer's status.
run_target() {
  local target="$1" dir="$work/$1"
  mkdir -p "$dir/corpus" "$dir/artifacts"
  cp -R "$root/fuzz/corpus/$target/." "$dir/corpus/"
  (cd "$dir" &&
    ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}" \
      "$build/bin/$target" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
      -print_final_stats=1 -artifact_prefix="$dir/artifacts/" "$dir/corpus" >"$dir/log" 2>&1)
}

summary=()
failed=()
for target in "${targets[@]}"; do
  echo "run-fuzzers: $target for ${seconds}s" >&2
  status=0
  run_target "$target" || status=$?
  log="$work/$target/log"
  execs="$(awk '/stat::number_of_executed_units:/ {print $2}' "$log" | tail -n 1)"
  if [ "$status" -eq 0 ]; then
    summary+=("$(printf '%-22s ok      %10s execs in %ss' "$target" "${execs:-?}" "$seconds")")
  else
    failed+=("$target")
    summary+=("$(printf '%-22s FAILED  (exit %s)' "$target" "$status")")
    tail -n 60 "$log" >&2
    mkdir -p "$build/crashes/$target"
    cp -R "$work/$target/artifacts/." "$build/crashes/$target/"
    echo "run-fuzzers: $target failed; reproducer(s) in $build/crashes/$target/" >&2
  fi
done

printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "run-fuzzers: failed: ${failed[*]}" >&2
  exit 1
fi
