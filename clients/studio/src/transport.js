// The WebSocket to the studio's language server (/lsp on the page's own address, with the token the
// page was opened with), as @codemirror/lsp-client's Transport.
export function connectSocket(token, onClose) {
  const url = new URL("/lsp", location.href);
  url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  url.search = new URLSearchParams({ token }).toString();
  const socket = new WebSocket(url);
  const handlers = new Set();
  socket.onmessage = (event) => {
    for (const handler of handlers) handler(event.data);
  };
  socket.onclose = () => onClose();
  return new Promise((resolve, reject) => {
    socket.onopen = () =>
      resolve({
        send(message) {
          socket.send(message);
        },
        subscribe(handler) {
          handlers.add(handler);
        },
        unsubscribe(handler) {
          handlers.delete(handler);
        },
      });
    socket.onerror = () => reject(new Error("the studio's server did not take the connection"));
  });
}
