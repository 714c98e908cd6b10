// The LSP lifecycle, enforced where messages come in rather than in each handler, so that it
// holds for every method: the standard ones, this server's own, and any added later.
// Before `initialize` a request is refused with ServerNotInitialized and a notification other
// than `exit` is dropped; after `shutdown` a request is refused with InvalidRequest, as is a
// second `initialize`. A
// standard request whose parameters lack what it needs is refused with InvalidParams
// (paramChecks.ts).

import {
  ErrorCodes, ExitNotification, InitializeRequest, Message, ResponseError, ShutdownRequest,
  type DataCallback, type MessageReader, type MessageWriter, type RequestMessage, type ResponseMessage,
} from 'vscode-languageserver/node';
import { invalidParams, malformedNotification } from './paramChecks';

/**
 * Stands between a transport's reader and the server's connection: passes on the messages the
 * lifecycle allows, and answers the requests it does not on the transport's writer.
 */
export class LifecycleReader implements MessageReader {
  private initializeReceived = false;
  private shutdownRequested = false;

  /**
   * `dropped` hears of a message whose handling threw as the connection took it (a
   * `$/cancelRequest` without an id): the reader would report the throw as its own error, which
   * reads as a lost stream, where only that message was bad. It hears too of a document
   * notification too malformed to apply (see malformedNotification).
   */
  constructor(
    private readonly reader: MessageReader,
    private readonly writer: MessageWriter,
    private readonly dropped: (method: string, error: unknown) => void = () => undefined,
  ) {}

  /** Whether the client asked the server to shut down: the program's exit code tells. */
  get shutdownReceived(): boolean {
    return this.shutdownRequested;
  }

  get onError() {
    return this.reader.onError;
  }

  get onClose() {
    return this.reader.onClose;
  }

  get onPartialMessage() {
    return this.reader.onPartialMessage;
  }

  listen(callback: DataCallback) {
    return this.reader.listen((message) => {
      if (Message.isRequest(message)) {
        const refusal = this.refusal(message);
        if (refusal) return void this.writer.write(refusalMessage(message, refusal)).catch(() => undefined);
      } else if (Message.isNotification(message)) {
        if (!this.initializeReceived && message.method !== ExitNotification.method) return;
        const problem = malformedNotification(message);
        if (problem) return void this.dropped(message.method, new Error(problem));
      }
      try {
        callback(message);
      } catch (error) {
        this.dropped((message as { method?: string }).method ?? 'a response', error);
      }
    });
  }

  dispose(): void {
    this.reader.dispose();
  }

  /** Why a request is refused at this point of the lifecycle or for its parameters, if it is. */
  private refusal(message: RequestMessage): ResponseError | undefined {
    const { method } = message;
    if (method === InitializeRequest.method) {
      if (this.initializeReceived) return new ResponseError(ErrorCodes.InvalidRequest, 'The server is initialized already: initialize may be sent once.');
      // A malformed initialize is refused before it counts: the client may send a right one.
      const invalid = invalidParams(message);
      if (invalid) return invalid;
      this.initializeReceived = true;
    } else if (!this.initializeReceived) return new ResponseError(ErrorCodes.ServerNotInitialized, `The server is not initialized yet: ${method} came before initialize.`);
    else if (this.shutdownRequested) return new ResponseError(ErrorCodes.InvalidRequest, `The server is shutting down: ${method} came after shutdown.`);
    else if (method === ShutdownRequest.method) this.shutdownRequested = true;
    return invalidParams(message);
  }
}

function refusalMessage(request: RequestMessage, refusal: ResponseError): ResponseMessage {
  return { jsonrpc: '2.0', id: request.id, error: refusal.toJson() };
}
