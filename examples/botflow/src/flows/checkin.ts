import { HttpError } from '../http/client.js';
import type { DailyBotCheckin, DailyBotResponse, DailyBotUser } from '../services/dailybot.js';
import { listStandupChannels } from '../store/channels.js';
import type { Flow } from './types.js';

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** `/standup shipped the parser; reviewing PRs; none` → three answers. */
function answersOf(args: string): string[] {
  return args
    .split(/[;\n]/)
    .map((part) => part.replace(/^(yesterday|today|blockers?)\s*:\s*/i, '').trim())
    .filter((part) => part !== '');
}

export const checkin: Flow = {
  intent: 'checkin',
  slow: true,
  async run({ message, state, channel, team }, deps) {
    const checkinUuid = channel?.standup?.dailybotCheckinUuid ?? team?.standup?.dailybotCheckinUuid;
    if (checkinUuid === undefined) return { text: 'No standup is set up for this channel yet.' };
    try {
      let userUuid = state.dailybotUserUuid;
      if (userUuid === undefined) {
        const found = await deps.dailybot.findUser(`${message.platform}:${message.userId}`);
        if (found === undefined) return { text: 'I could not find you in DailyBot: ask your admin to invite you.' };
        userUuid = found.uuid;
      }
      let user: DailyBotUser;
      let checkins: DailyBotCheckin[];
      let responses: DailyBotResponse[];
      if (deps.config.fixes.has('http-parallelize')) {
        // The fix: the three reads do not depend on each other.
        [user, checkins, responses] = await Promise.all([
          deps.dailybot.getUser(userUuid),
          deps.dailybot.listCheckins(userUuid),
          deps.dailybot.listResponses(checkinUuid, today()),
        ]);
      } else {
        // Planted (http-parallelize): three independent DailyBot calls awaited one after another.
        user = await deps.dailybot.getUser(userUuid);
        checkins = await deps.dailybot.listCheckins(userUuid);
        responses = await deps.dailybot.listResponses(checkinUuid, today());
      }
      const answers = answersOf(message.args);
      const standup = checkins.find((item) => item.uuid === checkinUuid) ?? checkins[0];
      const done = responses.some((response) => response.user.uuid === userUuid);
      const channels = await listStandupChannels(deps.db, deps.config, message.platform, message.teamId);
      const where = channels.length > 0 ? ` Reminders go to ${channels.map((c) => `#${c.name}`).join(', ')}.` : '';
      if (answers.length === 0) {
        const questions = (standup?.questions ?? []).map((q, i) => `${i + 1}. ${q.question}`).join('\n');
        const status = done ? 'You already checked in today.' : 'You have not checked in today.';
        return {
          text: `${status} ${standup?.name ?? 'Standup'} for ${user.full_name}:\n${questions}${where}`,
          dailybotUserUuid: userUuid,
          onboardingStep: 'standup',
        };
      }
      await deps.dailybot.submitResponse(checkinUuid, userUuid, answers);
      const teammates = new Set(responses.map((response) => response.user.uuid)).size;
      return {
        text: `Thanks ${user.full_name}, your check-in is saved (${teammates} teammates checked in today).${where}`,
        dailybotUserUuid: userUuid,
        onboardingStep: 'standup',
      };
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      return {
        text: 'DailyBot is not answering right now; your check-in was not saved. Please try again in a minute.',
        degraded: `dailybot-${error.kind}`,
      };
    }
  },
};
