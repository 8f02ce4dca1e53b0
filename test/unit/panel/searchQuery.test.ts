import { describe, expect, it } from 'vitest';
import { mergeResults, MAX_RESULTS } from '../../../src/panel/search';
import { idFromInput, planSearch, searchTerms } from '../../../src/panel/searchQuery';

describe('planSearch', () => {
  it('looks a numeric ticket id up directly and also searches subjects for it', () => {
    expect(planSearch('ticket', ' 1234 ')).toEqual({ ids: ['1234'], text: 'subject:1234*' });
  });

  it('turns subject words into prefix terms', () => {
    expect(planSearch('ticket', 'Printer fire')).toEqual({ ids: [], text: 'subject:printer* subject:fire*' });
  });

  it('searches customers by partial name and partial e-mail through the default fields', () => {
    expect(planSearch('user', 'ada')).toEqual({ ids: [], text: 'role:end-user ada*' });
    expect(planSearch('user', 'ada.lovelace@exa')).toEqual({
      ids: [],
      text: 'role:end-user ada.lovelace@exa*',
    });
  });

  it('searches organizations by partial name and id', () => {
    expect(planSearch('organization', 'Acme Co')).toEqual({ ids: [], text: 'acme* co*' });
    expect(planSearch('organization', '360')).toEqual({ ids: ['360'], text: '360*' });
  });

  it('takes #id and pasted Zendesk URLs of the same object type as exact ids', () => {
    expect(planSearch('ticket', '#77')).toEqual({ ids: ['77'], text: null });
    expect(planSearch('ticket', 'https://acme.zendesk.com/agent/tickets/88')).toEqual({
      ids: ['88'],
      text: null,
    });
    expect(idFromInput('user', 'https://acme.zendesk.com/api/v2/users/99.json')).toBe('99');
    // A ticket URL is not a customer id.
    expect(idFromInput('user', 'https://acme.zendesk.com/agent/tickets/88')).toBeNull();
    expect(idFromInput('ticket', 'javascript:alert(1)')).toBeNull();
  });

  it('cannot be used to inject search syntax', () => {
    expect(planSearch('ticket', 'type:user status:open -urgent "quoted phrase" (x)')).toEqual({
      ids: [],
      text: 'subject:type* subject:user* subject:status* subject:open* subject:urgent* subject:quoted* subject:phrase* subject:x*',
    });
    expect(searchTerms('--- *** ::: ""')).toEqual([]);
    expect(planSearch('user', '   ')).toEqual({ ids: [], text: null });
  });

  it('restricts customer searches to end users, and a customer cannot lift the filter', () => {
    expect(planSearch('user', '4242')).toEqual({ ids: ['4242'], text: 'role:end-user 4242*' });
    // "role:agent" typed by the user becomes two plain words; the filter stays in front.
    expect(planSearch('user', 'role:agent')).toEqual({ ids: [], text: 'role:end-user role* agent*' });
    expect(planSearch('organization', 'role:agent')).toEqual({ ids: [], text: 'role* agent*' });
  });

  it('treats digits as a complete id plus a word prefix: there is no id prefix search', () => {
    // "partial id": the same plan as a complete one; Zendesk decides what matches.
    expect(planSearch('organization', '36')).toEqual({ ids: ['36'], text: '36*' });
    expect(planSearch('ticket', '#36')).toEqual({ ids: ['36'], text: null });
    // Not an id at all: leading zeros, or longer than any Zendesk id.
    expect(planSearch('user', '007').ids).toEqual([]);
    expect(planSearch('user', '1'.repeat(20)).ids).toEqual([]);
  });

  it('bounds the number of terms and ignores repeated words', () => {
    expect(searchTerms('a b c d e f g h i j k')).toHaveLength(8);
    expect(searchTerms('Fire fire FIRE')).toEqual(['fire']);
  });
});

describe('mergeResults', () => {
  it('keeps id hits first, drops duplicates and caps the list', () => {
    const exact = [{ id: '5', title: 'Five', detail: 'Open' }];
    const found = Array.from({ length: 40 }, (_, i) => ({ id: String(i), title: `T${i}`, detail: '' }));
    const merged = mergeResults(exact, found);
    expect(merged).toHaveLength(MAX_RESULTS);
    expect(merged[0]).toEqual({ id: '5', title: 'Five', detail: 'Open' });
    expect(merged.filter((r) => r.id === '5')).toHaveLength(1);
  });
});
