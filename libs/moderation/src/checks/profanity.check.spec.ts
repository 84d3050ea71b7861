import { describe, expect, it } from '@jest/globals';
import { PRIORITY, strictestAction } from './moderation-check.js';
import { ProfanityCheck } from './profanity.check.js';

const check = new ProfanityCheck();
const run = (body: string, title?: string) => check.run({ body, title });
const decide = (body: string) => strictestAction(run(body));

describe('ProfanityCheck', () => {
  it.each([
    'I feel like shit today',
    'this fucking disease takes everything',
    'what the fuck is wrong with my insurance',
    'Sh1t, I relapsed again',
    'I hate myself and I am a worthless piece of shit',
    "I'm such an idiot for trusting him",
    'fuck you, cancer',
    'Fuck off, depression. Not today.',
    'you must feel like shit after that shift',
  ])('at most masks venting, never holds it: %s', (body) => {
    expect(['publish', 'censor']).toContain(decide(body));
    for (const finding of run(body)) {
      expect(finding.priority).toBe(PRIORITY.low);
      for (const span of finding.spans) expect(body.slice(span.start, span.end)).toBe(span.text);
    }
  });

  it('masks plain profanity with a low priority', () => {
    const body = 'this fucking disease';
    expect(run(body)).toEqual([
      { check: 'profanity', reason: 'Profanity, masked when published', action: 'censor', priority: PRIORITY.low, spans: [{ start: 5, end: 12, text: 'fucking' }] },
    ]);
  });

  it.each([
    'you are a worthless piece of shit',
    "you're a fucking loser",
    'ur a loser lol',
    'u r so pathetic',
    'your so stupid',
    'You idiot.',
    'shut up you stupid bitch',
    'kys',
    'ky5 already',
    'go kill yourself',
    'Just kill urself',
    'why dont you just die',
    'you should kill yourself',
    'I hope you die',
    'nobody wants you here',
    'No one cares about you.',
    'everyone here hates you',
    'fuck you',
    'f*ck... no: FUCK YOU',
    'the forum would be better without you',
    'go back to your own country',
    'yοu аre wοrthless',
    'You are a burden to everyone here.',
    'I think you are an idiot',
  ])('holds abuse aimed at another member: %s', (body) => {
    const findings = run(body);
    const abuse = findings.find((f) => f.reason.startsWith('Abuse'));
    expect(abuse).toBeDefined();
    expect(abuse!.action).toBe('hold');
    expect(abuse!.priority).toBe(PRIORITY.high);
    expect(abuse!.authorMessage).toMatch(/kind/);
    for (const span of abuse!.spans) expect(body.slice(span.start, span.end)).toBe(span.text);
  });

  it.each([
    'I hate myself',
    'I want to kill myself',
    "I'd rather just die than go back",
    'you are not worthless',
    "you're not a burden, you're a person who is hurting",
    "Don't let anyone tell you you're worthless.",
    'Whoever said you are a failure was wrong',
    'I know it feels like nobody cares about you, but we do',
    'Please don’t kill yourself. Call 988.',
    'are you thinking about killing yourself? you can tell me',
    'nobody wants you to leave',
    "you are a burden to no one",
    'thank you, that made me cry',
    'you are the shit, honestly',
    'the flame retardant in the couch, and psychomotor retardation',
    'I was raped in 2019 and I still have flashbacks',
    'porn addiction recovery, day 40',
    'mi perro negro se llama Tito',
  ])('does not take self-directed or supportive words for abuse: %s', (body) => {
    expect(run(body).filter((f) => f.action === 'hold')).toEqual([]);
  });

  it('does not mask words survivors and patients use about what happened to them', () => {
    expect(run('I was raped. After the rape I could not have sex, and my vagina hurt.')).toEqual([]);
  });

  it('holds a slur whoever it is aimed at', () => {
    const body = 'he called them a chink at work';
    const [slur] = run(body).filter((f) => f.action === 'hold');
    expect(slur!.reason).toMatch(/Slur/);
    expect(slur!.spans.map((s) => s.text)).toEqual(['chink']);
  });

  it('flags a reclaimed word used about oneself, and holds it aimed at a member', () => {
    expect(decide("I'm a proud dyke and I'm done hiding")).toBe('flag');
    expect(decide('you dyke')).toBe('hold');
  });

  it('points the censor at the original characters, including look-alikes and spacing', () => {
    const body = 'what a ѕhіt day, s h i t';
    const censor = run(body).find((f) => f.action === 'censor')!;
    expect(censor.spans.map((s) => s.text)).toEqual(['ѕhіt', 's h i t']);
  });

  it('notes abuse in the title in the reason', () => {
    const [finding] = run('fine body', 'you are an idiot');
    expect(finding).toMatchObject({ action: 'hold', spans: [] });
    expect(finding!.reason).toContain('in the title');
  });
});

describe('ProfanityCheck spans', () => {
  it('highlights the whole insult for the moderator', () => {
    const body = 'honestly you are a worthless piece of shit.';
    const abuse = new ProfanityCheck().run({ body }).find((f) => f.action === 'hold')!;
    expect(abuse.spans.map((s) => s.text)).toEqual(['you are a worthless piece of shit']);
  });
});
