import type { Random } from './random.js';

/** Phrase banks for realistic chat text (standups, questions, small talk). */
const FIRST = [
  'Ana',
  'Bruno',
  'Chen',
  'Dana',
  'Emeka',
  'Fatima',
  'Gustavo',
  'Hana',
  'Ivan',
  'Julia',
  'Kofi',
  'Lena',
  'Mateo',
  'Nadia',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tomás',
  'Uma',
  'Victor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoe',
];
const LAST = [
  'Silva',
  'Okafor',
  'Müller',
  'Nguyen',
  'García',
  'Kowalski',
  'Haddad',
  'Tanaka',
  'Johansson',
  'Rossi',
  'Mensah',
  'Ivanova',
  'Patel',
  'Moreau',
  'Costa',
];
const CHANNELS = [
  'general',
  'engineering',
  'standup',
  'backend',
  'frontend',
  'mobile',
  'data',
  'design',
  'ops',
  'support',
  'releases',
  'qa',
  'growth',
  'platform',
  'infra',
  'random',
];
const TEAMS = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Vandelay',
  'Stark',
  'Wayne',
  'Tyrell',
  'Cyberdyne',
  'Soylent',
  'Wonka',
  'Gringotts',
  'Aperture',
  'Massive',
  'Oscorp',
];
const DONE = [
  'finished the billing webhook retries',
  'reviewed the onboarding PRs',
  'fixed the flaky login test',
  'migrated the reports job to the new queue',
  'paired with design on the settings page',
  'wrote the runbook for the on-call rotation',
  'shipped the CSV import',
  'profiled the search endpoint',
];
const NEXT = [
  'start the payments refactor',
  'look at the p99 latency of the API',
  'write tests for the export command',
  'clean up the feature flags',
  'update the Terraform modules',
  'prepare the sprint demo',
  'triage the support backlog',
  'finish the DynamoDB migration',
];
const BLOCKERS = [
  'none',
  'waiting on the security review',
  'need access to the staging account',
  'blocked by the flaky CI runner',
  'none so far',
];
const QUESTIONS = [
  'how do I rotate the API keys for the staging environment without downtime?',
  'can you summarize what the team decided about the release schedule last week?',
  'what is the difference between our p90 and p99 latency targets and which one should I alert on?',
  'draft a short message to the customer explaining the delay of the export feature',
  'which of my tasks from yesterday are still open and what should I prioritize today?',
  'explain how the retry policy of the webhook worker works and when it gives up',
  'write a checklist for onboarding a new engineer to the backend team',
  'why would a Lambda function be slow on the first request after a deploy?',
];
const GREETINGS = ['hi', 'hello', 'hey there', 'hi!', 'hello 👋', 'hey'];

export const textBank = { FIRST, LAST, CHANNELS, TEAMS, DONE, NEXT, BLOCKERS, QUESTIONS, GREETINGS };

export function personName(random: Random): { first: string; last: string } {
  return { first: random.pick(FIRST), last: random.pick(LAST) };
}

export function standupAnswer(random: Random): string {
  return `yesterday: ${random.pick(DONE)}; today: ${random.pick(NEXT)}; blockers: ${random.pick(BLOCKERS)}`;
}

export function question(random: Random): string {
  return random.pick(QUESTIONS);
}

/** An assistant-style answer of a few sentences (what fills the conversation memory). */
export function assistantAnswer(random: Random): string {
  const sentences = [
    `Start by checking ${random.pick(NEXT)}, since it affects most of the open work.`,
    `The team agreed to ${random.pick(NEXT)} before the next release.`,
    `Yesterday someone ${random.pick(DONE)}, which removes one of the blockers.`,
    'Keep the change small and behind a feature flag so it can be rolled back quickly.',
    'If the latency matters, measure the p90 under real traffic before and after the change.',
    'Write down the decision in the channel so the people who were away can follow it.',
  ];
  const count = random.int(3, 6);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(random.pick(sentences));
  return out.join(' ');
}
