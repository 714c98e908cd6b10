// What the server does when the client's byte stream stops making sense. A frame without a
// usable Content-Length leaves the reader out of step with the stream: it would misread every
// later message, and the client would wait forever for answers. A message whose rest never
// comes (a Content-Length larger than what was sent) holds back every message after it the
// same way. The reader cannot find its place again on its own, so the program ends, saying
// why, and the client starts it again. A body that is not JSON costs only that message: the
// reader is still in step, and the server keeps serving.

import type { MessageReader } from 'vscode-languageserver/node';

export interface FramingHandlers {
  /** The stream cannot be read any more. */
  lost(reason: string): void;
  /** One message was dropped; the ones after it are read as usual. */
  skipped(reason: string): void;
}

export function watchFraming(reader: MessageReader, handlers: FramingHandlers): void {
  // The reader keeps reporting a stalled message, every time its wait runs out again.
  let isLost = false;
  const lost = (reason: string) => {
    if (!isLost) handlers.lost(reason);
    isLost = true;
  };
  reader.onError((error) => {
    // JSON.parse of a body is the one failure that leaves the stream in step.
    if (error instanceof SyntaxError) handlers.skipped(`ignored a message whose body is not JSON (${error.message})`);
    else lost(`cannot read the client's messages any more (${error.message.replace(/\s+/g, ' ')})`);
  });
  reader.onPartialMessage(({ waitingTime }) => {
    lost(`the rest of a message has not come for ${waitingTime} ms: its Content-Length is larger than what was sent`);
  });
}
