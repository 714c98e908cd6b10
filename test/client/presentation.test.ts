import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { friendlyLabel, iconlessCompletion, iconlessSymbols, indexedSummary, labelWasChanged, noMatchLabel, notePathLabel, notesLevelAfter, notesPickItem, orderResults, orderRows, plural, browseHeading, indexSummary, referencePickItems, rememberRecent, resultDescription, searchRowText, statusText, withoutIcons, withoutLinks } from '../../client/src/presentation';
import type { OutlineNode } from '../../server/src/protocol';

describe('client wording and order (issue 15)', () => {
  it("breaks every $( so that no note's $(icon) is drawn, and the text shows as written", () => {
    // VS Code draws `$(name)` (name: letters, digits, `-`, one `~modifier`) in QuickPick rows
    // and the status bar; a zero-width space between `$` and `(` reads as no icon, looks the same.
    assert.equal(withoutIcons('$(warning) alarm term'), '$\u200B(warning) alarm term');
    assert.equal(withoutIcons('a $(x~spin) b $(zap)$(zap)'), 'a $\u200B(x~spin) b $\u200B(zap)$\u200B(zap)');
    // A backslash before it is the writer's, kept: `\$(kept)` shows as `\$(kept)`.
    assert.equal(withoutIcons('\\$(kept)'), '\\$\u200B(kept)');
    // Once is enough: the result holds no `$(`, and breaking it again changes nothing.
    const hostile = '$($($(zap)))$(';
    assert.ok(!withoutIcons(hostile).includes('$('));
    assert.equal(withoutIcons(withoutIcons(hostile)), withoutIcons(hostile));
    // Nothing but zero-width spaces is added: without them, the text is as written.
    assert.equal(withoutIcons(hostile).replaceAll('\u200B', ''), hostile);
    assert.equal(withoutIcons('costs $5 (or $ 10)'), 'costs $5 (or $ 10)');
  });

  it('breaks every ]( so that a notification shows the notes\' or the settings\' [label](target) as typed, never as a link', () => {
    // A notification's message as VS Code 1.139 reads it for links (NotificationViewItem's
    // parseNotificationMessage, then parseLinkedText of vs/base/common/linkedText.ts).
    const linksIn = (message: string) => [...message.replace(/(\r\n|\n|\r)/gm, ' ').trim()
      .matchAll(/\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^\)\s]+)(?: (["'])(.+?)(\3))?\)/gi)].map((m) => m[2]);
    const hostile = [
      'No more hovers for "[Fix](command:workbench.action.terminal.new)" anywhere.',
      'notes path [a](COMMAND:x?%5B%22y%22%5D "with a title") does not exist',
      'settings (/a/[open](file:///etc/passwd). Trust the workspace',
      'see [the docs](https://x.test/) and [more](http://y.test)',
      // A label over a line break: the notification makes the break a space first.
      'a [two\nlines](command:x)',
      // Backslashes are no escape to the parser: shown, and the link formed all the same.
      '\\[x\\](command:y)',
    ];
    for (const message of hostile) {
      assert.ok(linksIn(message).length > 0, `the parser reads no link in ${JSON.stringify(message)}`);
      assert.deepEqual(linksIn(withoutLinks(message)), [], `a link is left in ${JSON.stringify(withoutLinks(message))}`);
      // Nothing but zero-width spaces is added: without them, the message is as written.
      assert.equal(withoutLinks(message).replaceAll('\u200B', ''), message);
    }
    assert.equal(withoutLinks('[Fix](command:x)'), '[Fix]\u200B(command:x)');
    // Once is enough, and text without `](` is left alone.
    assert.equal(withoutLinks(withoutLinks(hostile[0])), withoutLinks(hostile[0]));
    for (const plain of ['the notes path /tmp/[draft] (old) does not exist', 'Indexed 2 notes, 56 terms (3 s).', 'a ] ( b', '$(zap) [x]']) assert.equal(withoutLinks(plain), plain);
  });

  it('shows every notification of the client through notify.ts, where its message goes through withoutLinks', () => {
    // The language client's own messages from the server are taken over there too (languageClient.ts).
    const folder = path.join(__dirname, '..', '..', '..', 'client', 'src');
    const direct = fs.readdirSync(folder).filter((name) => name.endsWith('.ts') && name !== 'notify.ts')
      .filter((name) => /\.show(?:Information|Warning|Error)Message\b/.test(fs.readFileSync(path.join(folder, name), 'utf8')));
    assert.deepEqual(direct, [], 'these files show a notification without notify.ts');
    assert.match(fs.readFileSync(path.join(folder, 'languageClient.ts'), 'utf8'), /onNotification\(ShowMessageNotification\.type, showServerMessage\)/);
  });

  it('breaks $( in the names Go to Symbol shows, the containers\' and the children\'s, and leaves the rest', () => {
    const outline = [{ name: 'Ops $(flame)', detail: 'the $(zap) area', children: [{ name: '$(zap) retry', detail: '', children: [] }, { name: 'backoff', detail: '', children: [] }] }];
    assert.equal(iconlessSymbols(outline), outline, 'changed in place');
    assert.deepEqual(outline, [{ name: 'Ops $\u200B(flame)', detail: 'the $(zap) area', children: [{ name: '$\u200B(zap) retry', detail: '', children: [] }, { name: 'backoff', detail: '', children: [] }] }]);
    const found = [{ name: 'Zap $(zap) thing', containerName: 'glossary.yml › $(alert)', location: 'x' }, { name: 'plain', containerName: 'notes.md', location: 'y' }];
    assert.deepEqual(iconlessSymbols(found), [{ name: 'Zap $\u200B(zap) thing', containerName: 'glossary.yml › $\u200B(alert)', location: 'x' }, { name: 'plain', containerName: 'notes.md', location: 'y' }]);
  });

  it('breaks $( in a completion label only: what is matched, sorted and written into the doc stays as the notes write it', () => {
    const written = 'Zap $(zap) thing';
    assert.deepEqual(iconlessCompletion({ label: written, insertText: 'zap $(zap) thing' }), { label: 'Zap $\u200B(zap) thing', filterText: written, sortText: written, insertText: 'zap $(zap) thing' });
    // Without an insertText, the label would be written into the doc: the name as written is.
    assert.deepEqual(iconlessCompletion({ label: written }), { label: 'Zap $\u200B(zap) thing', filterText: written, sortText: written, insertText: written });
    assert.deepEqual(iconlessCompletion({ label: { label: written, description: 'd' }, filterText: 'f', sortText: 's', insertText: 'i' }), { label: { label: 'Zap $\u200B(zap) thing', description: 'd' }, filterText: 'f', sortText: 's', insertText: 'i' });
    // A label with nothing to break is left as it is, without a filterText or sortText.
    assert.deepEqual(iconlessCompletion({ label: 'idempotency' }), { label: 'idempotency' });
  });

  it('echoes a query without results as typed: a $(zap) in it is not drawn as an icon', () => {
    assert.equal(noMatchLabel('  $(zap) retry  '), '$(info) No match for "$\u200B(zap) retry"');
    assert.equal(noMatchLabel('circuit breaker'), '$(info) No match for "circuit breaker"');
    // Cut to 60 characters first, then broken: no cut can leave a `$(` whole.
    assert.equal(noMatchLabel('x'.repeat(58) + '$(zap)'), `$(info) No match for "${'x'.repeat(58)}$\u200B("`);
  });

  it('shows a search result with its kind\'s icon and none of the icons its note writes', () => {
    const row = searchRowText({ kind: 'term', label: '$(alert) alarm', section: 'Ops $(flame)', detail: 'see https://x.test/$(zap)' });
    assert.deepEqual(row, {
      label: '$(symbol-key) $\u200B(alert) alarm',
      description: 'term · Ops $\u200B(flame)',
      detail: 'see https://x.test/$\u200B(zap)',
    });
    assert.deepEqual(searchRowText({ kind: 'quote', label: 'Scaling out', section: '', detail: '' }), { label: '$(quote) Scaling out', description: 'quote', detail: '' });
    assert.equal(searchRowText({ kind: 'link', label: 'Fowler', section: 'ZA $(zap)', detail: '', alsoIn: 2 }).description, 'link · ZA $\u200B(zap) · also in 2 other places');
  });

  it('counts in the right number', () => {
    assert.equal(plural(1, 'note'), '1 note');
    assert.equal(plural(2, 'note'), '2 notes');
    assert.equal(plural(0, 'term'), '0 terms');
  });

  it('ends a re-index with "Indexed 2 notes, 56 terms (3 s)"', () => {
    assert.equal(indexedSummary(2, 56, 3_000), 'Indexed 2 notes, 56 terms (3 s)');
    assert.equal(indexedSummary(1, 1, 340), 'Indexed 1 note, 1 term (0.3 s)');
    assert.equal(indexedSummary(0, 0, 5), 'Indexed 0 notes, 0 terms (0.1 s)');
    assert.equal(indexedSummary(3, 9, 12_400), 'Indexed 3 notes, 9 terms (12 s)');
  });

  it('shows "$(book) 52 terms", with a warning icon when something was skipped', () => {
    assert.equal(statusText(52, 0), '$(book) 52 terms');
    assert.equal(statusText(1, 0), '$(book) 1 term');
    assert.equal(statusText(52, 2), '$(warning) 52 terms');
  });

  it('gives the dialect\'s headings readable labels and says when it changed one', () => {
    assert.equal(friendlyLabel('label', '参考'), 'References');
    assert.equal(friendlyLabel('label', '进步'), 'Inbox');
    assert.equal(friendlyLabel('label', '(inbox)'), 'Inbox');
    assert.equal(friendlyLabel('area', 'ZA'), 'Miscellany');
    assert.equal(friendlyLabel('area', 'PATTERNS'), 'Patterns');
    assert.equal(friendlyLabel('area', 'HEURISTICS'), 'Heuristics');
    assert.equal(friendlyLabel('area', ''), '(untitled)');
    assert.equal(friendlyLabel('topic', 'microservices'), 'microservices');
    assert.equal(friendlyLabel('term', 'CQRS'), 'CQRS', 'an acronym term is not an area name');
    assert.ok(labelWasChanged('area', 'ZA'));
    assert.ok(!labelWasChanged('topic', 'microservices'));
  });

  it('puts terms before links under a topic, keeping each group\'s order', () => {
    const rows = [
      { kind: 'reference' as const, id: 1 }, { kind: 'term' as const, id: 2 }, { kind: 'reference' as const, id: 3 },
      { kind: 'label' as const, id: 4 }, { kind: 'term' as const, id: 5 },
    ];
    assert.deepEqual(orderRows(rows).map((r) => r.id), [2, 5, 4, 1, 3]);
  });

  it('puts terms first among search results, quotes last, each kind in the server\'s order', () => {
    const results = [{ kind: 'quote' as const, id: 1 }, { kind: 'term' as const, id: 2 }, { kind: 'link' as const, id: 3 }, { kind: 'term' as const, id: 4 }, { kind: 'topic' as const, id: 5 }];
    assert.deepEqual(orderResults(results).map((r) => r.id), [2, 4, 5, 3, 1]);
  });

  it('describes a search result by its kind and section, and the other places that hold the same item', () => {
    assert.equal(resultDescription('link', 'ZA › semantics'), 'link · ZA › semantics');
    assert.equal(resultDescription('link', 'ZA › semantics', 1), 'link · ZA › semantics · also in 1 other place');
    assert.equal(resultDescription('quote', '', 3), 'quote · also in 3 other places');
  });

  it('keeps recent look-ups newest first, without duplicates, bounded', () => {
    const key = (s: string) => s;
    assert.deepEqual(rememberRecent(['a', 'b', 'c'], 'b', key), ['b', 'a', 'c']);
    assert.deepEqual(rememberRecent(['a', 'b'], 'c', key, 2), ['c', 'a']);
  });
});

describe('Open Notes: notes and their groups', () => {
  const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const row = (kind: OutlineNode['kind'], label: string, extra: Partial<OutlineNode> = {}): OutlineNode => ({ id: `${kind}:${label}`, kind, label, uri: 'file:///vault/Concepts/Backpressure.md', range: at, ...extra });
  const relative = (uri: string) => uri.replace('file:///vault/', '');

  it('opens a note, and lists a folder or tag by its name and how many notes it holds, not by one of its notes', () => {
    assert.deepEqual(notesPickItem(row('note', 'Backpressure', { termCount: 1 }), relative), { label: 'Backpressure', description: 'Concepts/Backpressure.md', detail: '1 term', opens: true });
    const folder = notesPickItem(row('folder', 'Concepts', { detail: '4 notes' }), relative);
    assert.deepEqual(folder, { label: '$(folder) Concepts', description: '4 notes', opens: false });
    assert.equal(notesPickItem(row('tag', '#concept', { detail: '2 notes' }), relative).label, '$(tag) #concept');
    // A note's title and its file's path are the notes' text: their `$(` are not icons.
    const odd = notesPickItem(row('note', '$(zap) Retries', { uri: 'file:///n/$(zap).md' }), (uri) => uri.slice('file:///n/'.length));
    assert.deepEqual([odd.label, odd.description], ['$\u200B(zap) Retries', '$\u200B(zap).md']);
    assert.equal(notesPickItem(row('folder', '$(zap)'), relative).label, '$(folder) $\u200B(zap)');
  });

  it('goes into the group chosen, and to the next page of the same group on "… more"', () => {
    const folder = row('folder', 'Concepts');
    assert.equal(notesLevelAfter(undefined, folder), folder);
    const more = row('more', '… 40 more', { id: 'folder:Concepts/more:200' });
    const next = notesLevelAfter(folder, more);
    assert.deepEqual([next.id, next.kind, next.label], ['folder:Concepts/more:200', 'folder', 'Concepts']);
    assert.equal(notesLevelAfter(undefined, more).id, more.id);
  });
});

describe('where the Patterns view says a note is', () => {
  const home = '/home/me';
  const bundled = '/home/me/.vscode/extensions/architecture-notes.architecture-notes-0.1.0/notes-data';

  it('calls the notes shipped with the extension so, not by their install path', () => {
    assert.equal(notePathLabel(`${bundled}/architecture.md`, `${bundled}/architecture.md`, home, bundled), 'architecture.md (bundled)');
  });

  it('gives a workspace note its path in the workspace, another from the home folder, else as it is', () => {
    assert.equal(notePathLabel('/work/shop/notes/a.md', 'notes/a.md', home, bundled), 'notes/a.md');
    assert.equal(notePathLabel('/home/me/notes/a.md', '/home/me/notes/a.md', home, bundled), '~/notes/a.md');
    assert.equal(notePathLabel('/home/meadow/a.md', '/home/meadow/a.md', home, bundled), '/home/meadow/a.md', 'a folder whose name starts alike is not home');
    assert.equal(notePathLabel('/srv/notes/a.md', '/srv/notes/a.md', undefined, undefined), '/srv/notes/a.md');
    assert.equal(notePathLabel(`${bundled}-old/a.md`, `${bundled}-old/a.md`, undefined, bundled), `${bundled}-old/a.md`);
  });

  it('lists every reference a code action hands over, related ones said so, and nothing the server should not have sent', () => {
    const items = referencePickItems([
      { url: 'https://a.example.com/one', description: 'The  first\nlink' },
      { url: 'https://b.example.com/$(zap)', related: true },
      { description: 'no url' },
      null,
    ]);
    assert.deepEqual(items, [
      { label: 'The first link', description: 'https://a.example.com/one', url: 'https://a.example.com/one' },
      { label: 'https://b.example.com/$\u200B(zap)', description: 'related · https://b.example.com/$\u200B(zap)', url: 'https://b.example.com/$(zap)' },
    ]);
    assert.deepEqual(referencePickItems('not a list'), []);
  });

  it('says in the status tooltip the terms and the topics apart, as Search Notes lists them, each part under its own heading', () => {
    assert.equal(indexSummary(61, 10, 3), 'Architecture Notes: 61 terms and 10 topics from 3 notes. Click to search.');
    assert.equal(indexSummary(1, 1, 1), 'Architecture Notes: 1 term and 1 topic from 1 note. Click to search.');
    assert.equal(indexSummary(52, 0, 1), 'Architecture Notes: 52 terms from 1 note. Click to search.');
    assert.equal(browseHeading('term', 61, 61), 'terms, A to Z');
    assert.equal(browseHeading('topic', 10), 'topics, A to Z');
    // A list cut at its limit says so.
    assert.equal(browseHeading('term', 500, 3000), 'terms, A to Z: the first 500 of 3000, type to narrow');
  });
});
