// The shapes of the standard requests' parameters, checked where messages come in (see
// lifecycle.ts) so that a client that sends `null`, `{}` or a half-filled object gets
// InvalidParams with what was expected, not an internal error from deep in a handler. This
// server's own requests check their parameters themselves (protocol.ts, features/).

import { ErrorCodes, ResponseError, type NotificationMessage, type RequestMessage } from 'vscode-languageserver/node';

type Check = (params: Record<string, unknown>) => boolean;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const hasDocument: Check = (params) => isObject(params.textDocument) && typeof params.textDocument.uri === 'string';
const isPosition = (value: unknown) => isObject(value) && Number.isInteger(value.line) && Number.isInteger(value.character);
const atPosition: Check = (params) => hasDocument(params) && isPosition(params.position);

/** What each standard request needs, and how to say it. */
const SHAPES: Record<string, { check: Check; expected: string }> = {
  initialize: { check: (params) => isObject(params.capabilities), expected: '{ processId, capabilities: {}, rootUri?, workspaceFolders?, initializationOptions? }' },
  'textDocument/hover': { check: atPosition, expected: '{ textDocument: { uri }, position: { line, character } }' },
  'textDocument/definition': { check: atPosition, expected: '{ textDocument: { uri }, position: { line, character } }' },
  'textDocument/documentHighlight': { check: atPosition, expected: '{ textDocument: { uri }, position: { line, character } }' },
  'textDocument/completion': { check: atPosition, expected: '{ textDocument: { uri }, position: { line, character } }' },
  'textDocument/references': {
    check: (params) => atPosition(params) && isObject(params.context),
    expected: '{ textDocument: { uri }, position: { line, character }, context: { includeDeclaration } }',
  },
  'textDocument/codeAction': {
    check: (params) => hasDocument(params) && isObject(params.range) && isPosition(params.range.start) && isPosition(params.range.end) && isObject(params.context),
    expected: '{ textDocument: { uri }, range: { start, end }, context: { diagnostics } }',
  },
  'textDocument/documentSymbol': { check: hasDocument, expected: '{ textDocument: { uri } }' },
  'textDocument/documentLink': { check: hasDocument, expected: '{ textDocument: { uri } }' },
  'workspace/symbol': { check: (params) => typeof params.query === 'string', expected: '{ query: string }' },
  'workspace/executeCommand': { check: (params) => typeof params.command === 'string', expected: '{ command: string, arguments? }' },
  'completionItem/resolve': { check: () => true, expected: 'a completion item' },
  'codeAction/resolve': { check: () => true, expected: 'a code action' },
};

/** InvalidParams for a standard request whose parameters do not have the shape it needs; undefined otherwise. */
export function invalidParams({ method, params }: RequestMessage): ResponseError | undefined {
  const expected = missingShape(SHAPES, method, params);
  return expected === undefined ? undefined : new ResponseError(ErrorCodes.InvalidParams, `${method} takes ${expected}.`);
}

/** The shape `params` should have had, when the method has one in `shapes` and they lack it. */
function missingShape(shapes: Record<string, { check: Check; expected: string }>, method: string, params: unknown): string | undefined {
  const shape = shapes[method];
  return !shape || (isObject(params) && shape.check(params)) ? undefined : shape.expected;
}

/** What the document notifications need: the documents' text is kept from them, and a half-filled one cannot be applied. */
const NOTIFICATION_SHAPES: Record<string, { check: Check; expected: string }> = {
  'textDocument/didOpen': {
    check: (params) => hasDocument(params) && typeof (params.textDocument as Record<string, unknown>).text === 'string',
    expected: '{ textDocument: { uri, languageId, version, text } }',
  },
  'textDocument/didChange': {
    check: (params) => hasDocument(params) && Array.isArray(params.contentChanges) && params.contentChanges.every(isContentChange),
    expected: '{ textDocument: { uri, version }, contentChanges: [{ range?, text }] }',
  },
  'textDocument/didClose': { check: hasDocument, expected: '{ textDocument: { uri } }' },
  'textDocument/didSave': { check: hasDocument, expected: '{ textDocument: { uri }, text? }' },
  'workspace/didChangeConfiguration': { check: () => true, expected: '{ settings }' },
  'workspace/didChangeWatchedFiles': {
    check: (params) => Array.isArray(params.changes) && params.changes.every((change) => isObject(change) && typeof change.uri === 'string' && Number.isInteger(change.type)),
    expected: '{ changes: [{ uri, type }] }',
  },
};

const isContentChange = (change: unknown) =>
  isObject(change) && typeof change.text === 'string' && (change.range === undefined || (isObject(change.range) && isPosition(change.range.start) && isPosition(change.range.end)));

/**
 * Why a standard notification cannot be applied, when its parameters lack what it needs (no
 * answer can be sent to a notification: the server says so in its log and drops it, where
 * the library would throw from deep inside and report "Cannot read properties of null").
 */
export function malformedNotification({ method, params }: NotificationMessage): string | undefined {
  const expected = missingShape(NOTIFICATION_SHAPES, method, params);
  return expected === undefined ? undefined : `it takes ${expected}`;
}
