// A shell in the session's sandbox: xterm.js over the server's terminal WebSocket
// (…/sessions/{id}/terminal). Output arrives as binary messages; keys go out as binary; the
// terminal's size follows the pane ({"type":"resize"}). A dropped connection is retried, with a
// new shell, after a short pause.
import { useEffect, useRef, useState } from 'react';
import '@xterm/xterm/css/xterm.css';
import { projectId } from '../api/client';

export function Terminal({ sessionId }: { sessionId: string }) {
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState('connecting');

  useEffect(() => {
    let disposed = false;
    let socket: WebSocket | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const cleanups: (() => void)[] = [];

    void (async () => {
      const [{ Terminal: XTerm }, { FitAddon }] = await Promise.all([import('@xterm/xterm'), import('@xterm/addon-fit')]);
      if (disposed || !host.current) return;
      const dark = document.documentElement.classList.contains('dark');
      const term = new XTerm({ cursorBlink: true, fontSize: 13, theme: dark ? {} : { background: '#ffffff', foreground: '#18181b', cursor: '#18181b' } });
      const fit = new FitAddon();
      term.loadAddon(fit);
      term.open(host.current);
      fit.fit();
      const encoder = new TextEncoder();
      const sendResize = () => {
        if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'resize', cols: term.cols, rows: term.rows }));
      };
      const connect = () => {
        const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
        socket = new WebSocket(`${scheme}://${window.location.host}/api/projects/${projectId}/sessions/${sessionId}/terminal?cols=${term.cols}&rows=${term.rows}`);
        socket.binaryType = 'arraybuffer';
        socket.onopen = () => { setState('open'); term.focus(); };
        socket.onmessage = (event) => term.write(typeof event.data === 'string' ? event.data : new Uint8Array(event.data));
        socket.onclose = (event) => {
          if (disposed) return;
          setState(event.reason ? `closed: ${event.reason}` : 'reconnecting');
          retry = setTimeout(connect, 1500);
        };
      };
      const typed = term.onData((data) => {
        if (socket?.readyState === WebSocket.OPEN) socket.send(encoder.encode(data));
      });
      const observer = new ResizeObserver(() => { fit.fit(); sendResize(); });
      observer.observe(host.current);
      connect();
      cleanups.push(() => { typed.dispose(); observer.disconnect(); term.dispose(); });
    })();

    return () => {
      disposed = true;
      clearTimeout(retry);
      socket?.close();
      for (const cleanup of cleanups) cleanup();
    };
  }, [sessionId]);

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="px-2 py-1 text-xs text-zinc-500" role="status">Terminal: {state}</div>
      <div ref={host} className="min-h-0 flex-1 px-1" data-testid="terminal" />
    </div>
  );
}
