/**
 * Text is text: what a Zendesk user typed reaches the panel exactly as written (the UI Kit
 * renders strings as text nodes), and only genuine HTML (a comment's html_body) is turned into
 * text, by a real parser.
 */
import { describe, expect, it } from 'vitest';
import { buildPreview } from '../../../src/links/preview';
import { ticketResult } from '../../../src/panel/search';
import { displayText, htmlToText } from '../../../src/links/text';
import { ticketSchema } from '../../../src/zendesk/schemas';

const SUBJECT_WITH_SIGNS = 'qty<5 and price>10 on <b>mobile</b>';
const SUBJECT_WITH_SCRIPT = '<script>…</script> appears in the portal';

const ticketWith = (subject: string) =>
  ticketSchema.parse({
    id: 8,
    subject,
    description: subject,
    status: 'open',
    requester_id: 5,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
  });

describe('displayText', () => {
  it.each([SUBJECT_WITH_SIGNS, SUBJECT_WITH_SCRIPT, 'Fish &amp; chips', 'a < b > c', '<!-- note -->'])(
    'keeps %j exactly as written',
    (value) => {
      expect(displayText(value)).toBe(value);
    },
  );

  it('drops control characters and caps long values', () => {
    expect(displayText('bell\u0007 ok')).toBe('bell ok');
    expect(displayText('x'.repeat(2000))).toHaveLength(1000);
    expect(displayText('x'.repeat(2000)).endsWith('…')).toBe(true);
  });
});

describe('Zendesk values in search results and previews', () => {
  it('search results show the two reported subjects verbatim', () => {
    expect(ticketResult(ticketWith(SUBJECT_WITH_SIGNS)).title).toBe('qty<5 and price>10 on <b>mobile</b>');
    expect(ticketResult(ticketWith(SUBJECT_WITH_SCRIPT)).title).toBe(
      '<script>…</script> appears in the portal',
    );
  });

  it('the card preview shows the two reported subjects verbatim', () => {
    for (const subject of [SUBJECT_WITH_SIGNS, SUBJECT_WITH_SCRIPT]) {
      const preview = buildPreview({ kind: 'ticket', ticket: ticketWith(subject), observedAtMs: 0 }, [
        { zendeskFieldId: 'subject', zendeskFieldLabel: 'Subject', preview: true },
        { zendeskFieldId: 'description', zendeskFieldLabel: 'Description', preview: true },
      ]);
      expect(preview.map((p) => p.value)).toEqual([subject, subject]);
    }
  });
});

describe('htmlToText (genuine HTML only)', () => {
  it('turns blocks, breaks and list items into lines and decodes entities', () => {
    expect(
      htmlToText('<div>Hello<br>world</div><ul><li>one</li><li>two &lt;3</li></ul><script>alert(1)</script>'),
    ).toBe('Hello\nworld\n\n- one\n- two <3');
    expect(htmlToText('<p>It &amp; the scanner</p><p>both smoke</p>')).toBe('It & the scanner\n\nboth smoke');
    expect(htmlToText('<table><tr><td>a</td><td>b</td></tr></table>')).toBe('a b');
    // The same element tables as the HTML → ADF conversion: embedded content is dropped with
    // what it holds, and the items of a definition list end their lines.
    expect(
      htmlToText('<p>see<svg><text>logo</text></svg></p><iframe>frame</iframe><dl><dt>a</dt><dd>b</dd></dl>'),
    ).toBe('see\n\na\n\nb');
  });

  it('keeps a bare "<" that starts no tag, as a browser would', () => {
    // The regex stripper this replaced turned this into "qty10 on mobile".
    expect(htmlToText('<p>qty&lt;5 and price&gt;10 on <b>mobile</b></p>')).toBe(
      'qty<5 and price>10 on mobile',
    );
    expect(htmlToText('<p>qty < 5 items</p>')).toBe('qty < 5 items');
  });

  it('drops script, style and comments, and survives unclosed markup', () => {
    expect(htmlToText('<style>p{color:red}</style><!-- hidden --><p>shown</p>')).toBe('shown');
    expect(htmlToText('<p>open <a href="x">link')).toBe('open link');
    expect(htmlToText('<script>never</script> appears in the portal')).toBe('appears in the portal');
  });
});
