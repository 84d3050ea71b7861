import { describe, it, expect } from '@jest/globals';
import { assess, CrisisDetector, defaultLexicon, type RiskLevel } from './index.js';

type Case = readonly [string, RiskLevel];

const expectLevels = (cases: readonly Case[]): void => {
  it.each(cases)('"%s" is %s', (text, level) => {
    expect(assess(text).level).toBe(level);
  });
};

// The examples LABELS.md gives for each rule.
describe('LABELS.md examples', () => {
  expectLevels([
    ['I\'m not suicidal, just exhausted', 'green'],
    ['I would never hurt myself', 'green'],
    ['I\'m not going to pretend I don\'t want to die', 'red'],
    ['I used to cut', 'green'],
    ['I cut again last night', 'red'],
    ['I just cut and it won\'t stop bleeding', 'crisis'],
    ['I have the pills in front of me', 'crisis'],
    ['tonight is the night', 'crisis'],
    ['this is my last post, thank you all', 'crisis'],
    ['my roommate just took a bottle of pills and won\'t wake up', 'crisis'],
    ['this commute is killing me', 'green'],
    ['killing it at work', 'green'],
    ['two years ago I tried to end my life; today I graduated', 'green'],
    ['k!ll mys3lf', 'red'],
    ['kms', 'red'],
  ]);
});

describe('telling someone else to kill themselves', () => {
  expectLevels([
    ['kys', 'amber'],
    ['you should just kill yourself, nobody likes you', 'amber'],
    ['please don\'t kill yourself, we love you', 'green'],
  ]);

  it('names it for the moderator', () => {
    expect(assess('kys loser').matches[0]?.rule).toMatch(/^harassment:/);
  });
});

describe('current thoughts of suicide are red', () => {
  expectLevels([
    ['I keep thinking about killing myself. I don\'t have a plan or anything, it\'s just there all the time.', 'red'],
    ['Every night I kind of hope I just don\'t wake up. I\'m not going to do anything about it.', 'red'],
    ['There\'s this voice that keeps saying everyone would be better off if I was gone.', 'red'],
    ['Since my son died I just want to be with him. I don\'t want to be here either.', 'red'],
    ['ALL I THINK ABOUT IS DYING. NOT DOING ANYTHING ABOUT IT.', 'red'],
    ['I don\'t see the point in living anymore.', 'red'],
  ]);
});

describe('negation', () => {
  expectLevels([
    ['I\'m not suicidal, just burned out. I need a vacation more than I need advice lol.', 'green'],
    ['I would never hurt myself, I just need to vent about my landlord for a sec.', 'green'],
    ['I\'m safe, I\'m not going to hurt myself, and I made a safety plan with my therapist.', 'green'],
    ['I don\'t want to die, I want my back pain to stop.', 'green'],
    // Negating the negation, or negating something else, leaves the wish standing.
    ['Not going to pretend I don\'t want to die. I do. Most days.', 'red'],
    ['I don\'t want to kill myself, I just want to stop existing.', 'red'],
    ['I can\'t stop thinking about killing myself.', 'red'],
    ['im so suicidal lately. not gonna do anything i just need ppl to know', 'red'],
    ['A veces pienso que sería mejor no despertar. No tengo ningún plan.', 'red'],
    ['Nunca me haría daño, solo necesito desahogarme.', 'green'],
  ]);
});

describe('idioms', () => {
  expectLevels([
    ['Killed it at my interview today!!', 'green'],
    ['I\'m dying to see the Suns game Friday, anyone want to go?', 'green'],
    ['This commute is killing me', 'green'],
    ['I could die of embarrassment, I called my boss mom', 'green'],
    ['This green card renewal paperwork is going to kill me.', 'green'],
    ['My doctor says the new meds might kill my appetite.', 'green'],
    ['overdosed on iced coffee this morning lol my hands are vibrating', 'green'],
    ['¡Me muero de ganas de ver a mi familia en diciembre!', 'green'],
    ['Me quiero morir de la vergüenza jaja', 'green'],
    ['I asked her out and she said YES. I\'m dead 😭', 'green'],
    ['My mom is going to kill me when she sees my grades lol', 'green'],
    ['I cut myself shaving this morning, ouch', 'green'],
  ]);
});

describe('history told as past', () => {
  expectLevels([
    ['Three years ago today I tried to end my life. Today I walked my daughter into kindergarten.', 'green'],
    ['I used to cut when I was a teenager. Haven\'t in twelve years.', 'green'],
    ['Hace cinco años intenté quitarme la vida. Hoy me gradué de enfermera.', 'green'],
    ['In 2018 I took all my pills and woke up in the ICU. Today I run a peer group.', 'green'],
    // Recent is not history.
    ['I cut again last night after three months clean from it.', 'red'],
    ['Had thoughts about ending it again on the drive home today.', 'red'],
  ]);
});

describe('supportive replies and talk about the topic', () => {
  expectLevels([
    ['If you\'re thinking about suicide, please call or text 988.', 'green'],
    ['Hey, saw your post. If you\'re having thoughts of self-harm, please reach out to a mod.', 'green'],
    ['Reminder: if someone posts that they\'re going to kill themselves, flag it right away.', 'green'],
    ['My therapist asked if I\'ve had thoughts of killing myself lately and I could honestly say no.', 'green'],
    ['The Out of the Darkness suicide prevention walk is on November 9.', 'green'],
    ['Watching M*A*S*H and my dad started humming \'Suicide Is Painless.\'', 'green'],
  ]);
});

describe('goodbye messages, even without crisis words', () => {
  expectLevels([
    ['This is my last post. Thank you all for everything. Please make sure someone feeds my cat.', 'crisis'],
    ['Sold my truck, gave my dog to my neighbor, paid back what I owed. Everything\'s squared away. Take care of each other.', 'crisis'],
    ['Last check-in from me. Won\'t be needing my sponsor\'s number anymore. Sorry I couldn\'t be the success story.', 'crisis'],
    ['This is goodbye.', 'crisis'],
    ['Esta es mi despedida.', 'crisis'],
    // An ordinary farewell is not one.
    ['Moving to Denver next month, so this is my last post for a while. Thank you for everything, see you all!', 'green'],
    ['Thank you all for the kind words after my mom\'s passing.', 'green'],
  ]);
});

describe('plans, means and times raise ideation to crisis', () => {
  expectLevels([
    ['I want to die.', 'red'],
    ['I want to die and I have the pills in front of me.', 'crisis'],
    ['I have the pills in front of me and I\'m taking them as soon as my sister leaves.', 'crisis'],
    ['I wrote my note. It\'s on the kitchen table.', 'crisis'],
    ['tonight\'s the night. sorry everyone.', 'crisis'],
    ['Everything is set for Friday. I\'m not saying how because you\'ll report me.', 'crisis'],
    ['gonna kms tonight after everyone\'s asleep.', 'crisis'],
    ['I have the rope. Not calling anyone because they\'ll just try to stop me.', 'crisis'],
    ['I\'m going to kill myself.', 'crisis'],
  ]);
});

describe('self-harm and overdoses', () => {
  expectLevels([
    ['i just cut and it won\'t stop bleeding. i\'m on the bathroom floor', 'crisis'],
    ['I took all my pills about twenty minutes ago. Starting to feel really weird.', 'crisis'],
    ['The urge to cut is really bad tonight.', 'red'],
    ['I relapsed on the cutting. Twice this week.', 'red'],
    ['Relapsed Saturday. Used alone in my car. Honestly I didn\'t care if I woke up or not.', 'red'],
  ]);
});

describe('someone else in danger now', () => {
  expectLevels([
    ['My roommate just took a bottle of pills and won\'t wake up.', 'crisis'],
    ['My brother just posted \'goodbye everyone, I\'m sorry for everything\' and he\'s not answering his phone.', 'crisis'],
    ['Mi hijo dice que se va a matar y no quiere abrir la puerta.', 'crisis'],
    ['My dad just called, said he took \'all of them\' and hung up.', 'crisis'],
    // Someone else struggling, not in danger now.
    ['Worried about my nephew. He sleeps all day and won\'t talk to anyone. I don\'t think he\'s in danger.', 'amber'],
    ['My friend is suicidal and I don\'t know how to help her.', 'amber'],
  ]);
});

describe('violence from someone else', () => {
  expectLevels([
    ['He\'s outside screaming that he\'s going to kill me. I\'m locked in the bathroom.', 'crisis'],
    ['Mi esposo me acaba de pegar y dice que me va a matar. Estoy escondida con los niños.', 'crisis'],
    ['My husband shoves me around when he drinks. He\'s at work right now so I\'m okay today.', 'red'],
    ['My girlfriend checks my phone, controls all our money, and says she\'ll out me if I leave.', 'red'],
  ]);
});

describe('Spanish', () => {
  expectLevels([
    ['quiero morir', 'red'],
    ['me voy a quitar la vida', 'crisis'],
    ['Anoche me corté otra vez.', 'red'],
    ['tomé todas las pastillas', 'crisis'],
    ['ya no quiero vivir', 'red'],
    ['Estoy tan sola desde que llegué. Lloro casi todas las noches.', 'amber'],
  ]);

  it('tells the UI to lead with Spanish help', () => {
    expect(assess('ya no quiero vivir, no aguanto más').language).toBe('es');
    expect(assess('I do not want to live anymore').language).toBe('en');
  });
});

describe('distress without wishing to die is amber', () => {
  expectLevels([
    ['Since the breakup I\'m so lonely that I\'ve been asking Alexa questions just to hear a voice.', 'amber'],
    ['no AC for 6 days, landlord won\'t fix it, I\'m losing my mind. I can\'t cope with one more thing breaking', 'amber'],
    ['Dry January, day 5. Who\'s with me?', 'green'],
  ]);
});

describe('matches', () => {
  it('point at the words in the original post', () => {
    const text = 'Honestly?? I w\u200bant to k!ll mys3lf.';
    const { matches } = assess(text);
    expect(matches.length).toBeGreaterThan(0);
    for (const match of matches) {
      expect(match.text).toBe(text.slice(match.start, match.end));
    }
    expect(matches.some((match) => match.text.includes('k!ll mys3lf'))).toBe(true);
  });

  it('point at the original characters of fullwidth and look-alike text', () => {
    const text = 'ｉ ｗａｎｔ ｔｏ ｄｉｅ';
    const [match] = assess(text).matches;
    expect(match?.text).toBe('ｗａｎｔ ｔｏ ｄｉｅ');
  });

  it('carry the level they contributed and the rule that found them', () => {
    const { level, matches } = assess('I want to die and tonight is when I do it.');
    expect(level).toBe('crisis');
    expect(matches.every((match) => match.level === 'crisis')).toBe(true);
    expect(matches.map((match) => match.rule.split(':')[0])).toEqual(expect.arrayContaining(['ideation', 'timeframe']));
  });

  it('are empty for a green post', () => {
    expect(assess('Potluck after Saturday\'s meeting! I\'m bringing tamales.')).toEqual({ level: 'green', matches: [], language: 'en' });
  });
});

describe('CrisisDetector', () => {
  it('can be built from any lexicon of the same shape', () => {
    const lexicon = structuredClone(defaultLexicon);
    lexicon.signals['ideation']!.patterns.push('want to go to the big farm');
    const detector = new CrisisDetector(lexicon);
    expect(detector.assess('I want to go to the big farm').level).toBe('red');
    expect(assess('I want to go to the big farm').level).toBe('green');
  });

  it('refuses a lexicon with a phrase that names an unknown class', () => {
    const lexicon = structuredClone(defaultLexicon);
    lexicon.signals['ideation']!.patterns.push('want @NO_SUCH_CLASS');
    expect(() => new CrisisDetector(lexicon)).toThrow(/unknown class @NO_SUCH_CLASS/);
  });

  it('handles empty and whitespace-only posts', () => {
    expect(assess('').level).toBe('green');
    expect(assess('   \n\t ').level).toBe('green');
  });
});
