import { describe, expect, it } from '@jest/globals';
import { helpLineDigits, loadHelpResources } from '@forum/config';
import { PRIORITY, strictestAction } from './moderation-check.js';
import { PersonalInfoCheck } from './personal-info.check.js';

const check = new PersonalInfoCheck(helpLineDigits(loadHelpResources()));
const run = (body: string, title?: string) => check.run({ body, title });

describe('PersonalInfoCheck', () => {
  it.each([
    ['(602) 555-0134', 'call me at (602) 555-0134 tonight', '(602) 555-0134'],
    ['dots', 'my cell: 602.555.0134', '602.555.0134'],
    ['country code', 'text +1 602 555 0134 anytime', '+1 602 555 0134'],
    ['country code and dashes', 'it is 1-602-555-0134', '1-602-555-0134'],
    ['ten digits', 'number 6025550134 ok', '6025550134'],
    ['a local number', 'home is 555-0134', '555-0134'],
    ['fullwidth digits', 'call ６０２-５５５-０１３４', '６０２-５５５-０１３４'],
    ['an age before it', "I'm 34 602-555-0134", '602-555-0134'],
    ['digits spelled out', 'call six oh two five five five oh one three four', 'six oh two five five five oh one three four'],
    ['digits in Spanish', 'llámame al seis cero dos cinco cinco cinco cero uno tres cuatro', 'seis cero dos cinco cinco cinco cero uno tres cuatro'],
  ])('holds a phone number (%s)', (_, body, expected) => {
    const [finding] = run(body);
    expect(finding).toMatchObject({ check: 'personal-info', action: 'hold', priority: PRIORITY.normal, reason: 'Personal information: phone number' });
    expect(finding!.spans.map((s) => s.text)).toEqual([expected]);
    expect(body.slice(finding!.spans[0]!.start, finding!.spans[0]!.end)).toBe(expected);
    expect(finding!.authorMessage).toMatch(/remove/);
    expect(finding!.authorMessage).toMatch(/identify you or someone else/);
  });

  it.each([
    ['988', 'please call or text 988, they helped me'],
    ['741741', 'text HOME to 741741'],
    ['911', 'if you are in danger call 911 now'],
    ['the local crisis line from the help data', 'Solari is at 602-222-9444 day and night'],
    ['Teen Lifeline from the help data', 'my kid called (602) 248-8336 last week'],
    ['SAMHSA', 'SAMHSA: 1-800-662-4357'],
    ['the old Lifeline number', '1 (800) 273-8255 still works'],
    ['the Trevor Project', 'Trevor: 1-866-488-7386, or text START to 678-678'],
    ['Trans Lifeline', 'call 877-565-8860'],
    ['any toll-free number', 'the insurance line is 1-888-555-0199'],
    ['a clinic\u2019s public number', "the clinic's number is 602-555-0100"],
    ['a church office', 'St. Mary\u2019s church office: 602.555.0177'],
    ['a food bank', 'The food bank on 7th takes calls at 602 555 0188.'],
    ['a hotline named after the number', 'I found 480-555-0123 on a flyer, it is a warmline for parents'],
    ['a year and an amount', 'In 2019 I owed $4,500 and 12 payments'],
    ['a date', 'on 12-05-2024 I got my chip'],
    ['a zip code', 'we moved to 85004-1234'],
    ['days sober', '1,000 days sober today'],
  ])('does not hold a public number or an ordinary figure: %s', (_, body) => {
    expect(run(body)).toEqual([]);
  });

  it('holds a clinic\u2019s number when the member says it is theirs', () => {
    expect(strictestAction(run('I work at the clinic, text me on 602-555-0100'))).toBe('hold');
  });

  it.each([
    ['maria.p@gmail.com', 'write to maria.p@gmail.com', 'maria.p@gmail.com'],
    ['written out', 'maria at gmail dot com', 'maria at gmail dot com'],
    ['with brackets', 'maria [at] gmail [dot] com', 'maria [at] gmail [dot] com'],
    ['with parentheses', 'maria(at)yahoo(dot)com', 'maria(at)yahoo(dot)com'],
    ['at a mail provider', 'email maria_p at gmail.com', 'maria_p at gmail.com'],
    ['a provider alone', 'hit me up, jdoe84 at hotmail', 'jdoe84 at hotmail'],
    ['a fullwidth @', 'maria＠gmail.com', 'maria＠gmail.com'],
  ])('holds an e-mail address (%s)', (_, body, expected) => {
    const [finding] = run(body);
    expect(finding!.reason).toBe('Personal information: e-mail address');
    expect(finding!.spans.map((s) => s.text)).toEqual([expected]);
  });

  it.each([
    ['a government address', 'you can write to info@samhsa.gov'],
    ['a service mailbox', 'intake@valleyclinic.org answers within a day'],
    ['a clinic in the sentence', 'the clinic takes e-mail at nurses@valleyclinic.org'],
    ['a website', 'I read it at psychologytoday.com'],
    ['English "at"', 'I was at yahoo for ten years, then at home'],
  ])('does not hold %s', (_, body) => {
    expect(run(body)).toEqual([]);
  });

  it.each([
    ['1234 W Camelback Rd', 'I live at 1234 W Camelback Rd', '1234 W Camelback Rd'],
    ['4410 North 7th Ave', 'come by 4410 North 7th Ave.', '4410 North 7th Ave.'],
    ['with an apartment', 'at 77 Mill Street, Apt 5', '77 Mill Street, Apt 5'],
    ['apt 5', 'I am in apt 5 upstairs', 'apt 5'],
    ['a PO box', 'send it to PO Box 1234', 'PO Box 1234'],
  ])('holds a street address (%s)', (_, body, expected) => {
    const [finding] = run(body);
    expect(finding!.reason).toBe('Personal information: street address');
    expect(finding!.spans.map((s) => s.text)).toEqual([expected]);
  });

  it.each([
    ['a clinic', 'The clinic at 1234 W Camelback Rd has walk-in hours'],
    ['ordinary words', 'I have 2 kids and no way out'],
    ['a long road', 'it took 3 hours down the road'],
    ['time in an apartment', 'I moved into my apartment 3 years ago'],
    ['two roads', '2 roads diverged'],
  ])('does not hold %s', (_, body) => {
    expect(run(body)).toEqual([]);
  });

  it.each([
    ['@maria_p', 'find me @maria_p', '@maria_p'],
    ['my insta is', 'my insta is maria.p', 'my insta is maria.p'],
    ['add me on snap', 'add me on snap: x', 'add me on snap: x'],
    ['follow me on', 'follow me on tiktok', 'follow me on tiktok'],
    ['ig:', 'IG: maria.p.92', 'IG: maria.p.92'],
    ['a profile link', 'facebook.com/someone', 'facebook.com/someone'],
    ['a Telegram link', 'https://t.me/maria_p', 'https://t.me/maria_p'],
  ])('holds a social media handle (%s)', (_, body, expected) => {
    const [finding] = run(body);
    expect(finding!.reason).toBe('Personal information: social media handle');
    expect(finding!.spans.map((s) => s.text)).toEqual([expected]);
  });

  it.each([
    ['a private account', 'my insta is private now'],
    ['a help service', 'follow @988lifeline for tips'],
    ['a time', 'meet @5pm'],
    ['an e-mail address of a service', 'info@samhsa.gov'],
  ])('does not take %s for a handle', (_, body) => {
    expect(run(body)).toEqual([]);
  });

  it('holds an identity number', () => {
    expect(run('my SSN is 123-45-6789')[0]!.reason).toBe('Personal information: identity number');
  });

  it('gives one finding per kind of detail, with every span', () => {
    const body = 'call 602-555-0134 or 480-555-0199, or maria@gmail.com';
    const findings = run(body);
    expect(findings.map((f) => f.reason)).toEqual(['Personal information: phone number', 'Personal information: e-mail address']);
    expect(findings[0]!.spans.map((s) => s.text)).toEqual(['602-555-0134', '480-555-0199']);
  });

  it('notes a detail in the title in the reason', () => {
    const [finding] = run('see title', 'call 602-555-0134');
    expect(finding!.spans).toEqual([]);
    expect(finding!.reason).toContain('in the title: "602-555-0134"');
  });

  it('knows the well-known numbers without the help data', () => {
    expect(new PersonalInfoCheck().run({ body: 'call 1-800-273-8255 or text 741741 or 988' })).toEqual([]);
  });
});
