import { createHmac } from 'node:crypto';

// Calm, neutral words: an alias should never read as a judgement of the person behind it.
const ADJECTIVES = [
  'Quiet', 'Gentle', 'Bright', 'Steady', 'Brave', 'Calm', 'Kind', 'Patient', 'Hopeful', 'Warm',
  'Silver', 'Golden', 'Amber', 'Azure', 'Crimson', 'Jade', 'Misty', 'Sunny', 'Mellow', 'Humble',
  'Clever', 'Curious', 'Honest', 'Loyal', 'Nimble', 'Playful', 'Serene', 'Sincere', 'Sturdy', 'Tender',
  'Wise', 'Wandering', 'Quiet-hearted', 'Rising', 'Evening', 'Morning', 'Desert', 'River', 'Mountain', 'Meadow',
  'Cedar', 'Willow', 'Juniper', 'Saguaro', 'Mesa', 'Canyon', 'Coastal', 'Northern', 'Southern', 'Autumn',
  'Winter', 'Spring', 'Summer', 'Lunar', 'Solar', 'Starlit', 'Velvet', 'Cobalt', 'Indigo', 'Scarlet',
  'Olive', 'Ivory', 'Copper', 'Pearl',
];
const ANIMALS = [
  'Heron', 'Otter', 'Finch', 'Badger', 'Fox', 'Owl', 'Wren', 'Hare', 'Deer', 'Sparrow',
  'Roadrunner', 'Quail', 'Hummingbird', 'Javelina', 'Tortoise', 'Gecko', 'Coyote', 'Hawk', 'Dove', 'Falcon',
  'Lynx', 'Bison', 'Elk', 'Moose', 'Beaver', 'Robin', 'Swallow', 'Crane', 'Pelican', 'Egret',
  'Salmon', 'Trout', 'Dolphin', 'Seal', 'Whale', 'Turtle', 'Lark', 'Starling', 'Kestrel', 'Magpie',
  'Raven', 'Jay', 'Cardinal', 'Oriole', 'Bluebird', 'Chickadee', 'Panda', 'Koala', 'Llama', 'Alpaca',
  'Ibis', 'Marten', 'Mink', 'Ferret', 'Hedgehog', 'Squirrel', 'Chipmunk', 'Marmot', 'Pika', 'Lemur',
  'Gazelle', 'Antelope', 'Puffin', 'Loon',
];

/**
 * The alias a member posts under, anonymously, in one thread: an HMAC of (member, thread) under
 * a server secret, so it is stable within the thread, unrelated across threads, and cannot be
 * traced back to the member by anyone who does not hold the secret. `attempt` picks the next
 * alias when two members of one thread would otherwise share a name.
 */
export function deriveAlias(secret: string, memberId: number, threadId: number, attempt = 0): string {
  const digest = createHmac('sha256', secret).update(`alias:v1:${threadId}:${memberId}:${attempt}`).digest();
  const adjective = ADJECTIVES[digest.readUInt16BE(0) % ADJECTIVES.length];
  const animal = ANIMALS[digest.readUInt16BE(2) % ANIMALS.length];
  return `${adjective} ${animal}`;
}

/** The member's alias in a thread, avoiding the aliases other members already hold there. */
export function chooseAlias(secret: string, memberId: number, threadId: number, takenByOthers: ReadonlySet<string>): string {
  for (let attempt = 0; attempt < 64; attempt++) {
    const alias = deriveAlias(secret, memberId, threadId, attempt);
    if (!takenByOthers.has(alias)) return alias;
  }
  // 4,096 names and 64 tries: only a thread with thousands of anonymous members gets here.
  return `${deriveAlias(secret, memberId, threadId)} ${createHmac('sha256', secret).update(`n:${threadId}:${memberId}`).digest().readUInt16BE(0)}`;
}
