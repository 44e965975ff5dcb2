import type { Intent, TranslatedText } from './intents';

export interface StageDefinition {
  key: string;
  name: string;
  names?: TranslatedText;
  description?: string;
  colour?: string;
  /** Journey-map fields (DOMAIN.md): what a team records per stage when it maps a journey. */
  customerGoal?: string;
  touchpoints?: string[];
  feelings?: string;
  painPoints?: string[];
  kpis?: string[];
  opportunities?: string[];
  /** −2 … +2, see EMOTIONS. */
  emotion?: number | null;
  /** Keys of stages of the same journey that customers often go back or skip to after this one. */
  nextStages?: string[];
  /**
   * The intents the coverage matrix expects content for in this stage; an empty cell of another
   * intent is no gap. Unset (null): `defaultExpectedIntents` (domain/expected.ts).
   */
  expectedIntents?: Intent[] | null;
}

/** The emotion scale of a stage, from −2 to +2, as the map labels it. */
export const EMOTIONS = {
  '-2': 'frustrated',
  '-1': 'unhappy',
  '0': 'neutral',
  '1': 'content',
  '2': 'delighted',
} as const;

/** Which stage each intent points to; navigational `null` means "let the query's other words decide". */
export type IntentStages = Partial<Record<Intent, string | null>>;

export interface JourneyDefinition {
  key: string;
  name: string;
  names?: TranslatedText;
  description?: string;
  intentStages?: IntentStages;
  /** Goal names the analytics count conversions of: lowercase letters, digits, - and _. */
  goals?: string[] | null;
  stages: StageDefinition[];
}

export const DEFAULT_INTENT_STAGES: IntentStages = {
  informational: 'awareness',
  commercial: 'consideration',
  transactional: 'decision',
  local: 'decision',
  navigational: null,
};

/** The seeds' customer journey (kundresa / kundereise): the product's default model. */
export const CUSTOMER_JOURNEY: JourneyDefinition = {
  key: 'customer',
  name: 'Customer journey',
  names: { en: 'Customer journey', sv: 'Kundresa', nb: 'Kundereise' },
  description:
    'The whole experience a customer has of the organisation, from first contact to loyalty. Rarely linear.',
  intentStages: DEFAULT_INTENT_STAGES,
  stages: [
    {
      key: 'awareness',
      name: 'Awareness',
      names: { en: 'Awareness', sv: 'Medvetenhet', nb: 'Bevissthet' },
      description: 'Discovers a need or a brand (search, social, ads, referrals).',
      colour: '#7B79FF',
      customerGoal: 'Understand a need and find out who can meet it.',
      touchpoints: ['search', 'social media', 'ads', 'referrals', 'website'],
      feelings: 'Curious, unsure what the options are.',
      painPoints: ['hard to find', 'jargon'],
      kpis: ['traffic', 'new visitors', 'share of search'],
    },
    {
      key: 'consideration',
      name: 'Consideration',
      names: { en: 'Consideration', sv: 'Övervägande', nb: 'Vurdering' },
      description: 'Compares alternatives, reads reviews.',
      colour: '#0C75AF',
      customerGoal: 'Compare alternatives and trust the choice.',
      touchpoints: ['website', 'reviews', 'comparison sites', 'sales', 'events'],
      feelings: 'Weighing up, looking for proof.',
      painPoints: ['unclear pricing', 'hard navigation'],
      kpis: ['engaged sessions', 'qualified leads', 'return visits'],
    },
    {
      key: 'decision',
      name: 'Decision / purchase',
      names: { en: 'Decision / purchase', sv: 'Beslut / köp', nb: 'Kjøp' },
      description: 'Buys, signs; first impression of delivery.',
      colour: '#328048',
      customerGoal: 'Buy or sign without friction.',
      touchpoints: ['website', 'shop', 'app', 'sales', 'e-mail'],
      feelings: 'Ready, but wary of surprises.',
      painPoints: ['complex forms', 'unclear terms'],
      kpis: ['conversion rate', 'drop-off points', 'average order value'],
    },
    {
      key: 'usage',
      name: 'Usage / experience',
      names: { en: 'Usage / experience', sv: 'Användning', nb: 'Bruk / opplevelse' },
      description: 'Onboarding, support, customer service.',
      colour: '#D9822F',
      customerGoal: 'Get value from the purchase and help when needed.',
      touchpoints: ['app', 'customer service', 'invoice', 'e-mail'],
      feelings: 'Expects things to work; frustrated by slow support.',
      painPoints: ['slow support', 'unclear invoices'],
      kpis: ['CSAT', 'support tickets', 'activation'],
    },
    {
      key: 'loyalty',
      name: 'Loyalty / advocacy',
      names: {
        en: 'Loyalty / advocacy',
        sv: 'Lojalitet / efterköp',
        nb: 'Lojalitet / ambassadørskap',
      },
      description: 'Repurchase, recommends, renews.',
      colour: '#AC73E6',
      customerGoal: 'Get more value, renew, recommend.',
      touchpoints: ['e-mail', 'customer club', 'social media', 'customer service'],
      feelings: 'Loyal when seen; leaves when neglected after the sale.',
      painPoints: ['neglected after purchase'],
      kpis: ['NPS', 'repurchase rate', 'churn'],
    },
  ],
};

export const DEFAULT_JOURNEYS: JourneyDefinition[] = [CUSTOMER_JOURNEY];

/**
 * The stage an intent points to in a journey. Falls back to the default mapping only when the
 * journey has a stage of that key, so a three-step funnel never points at a missing stage.
 */
export const stageForIntent = (
  journey: Pick<JourneyDefinition, 'intentStages'> & { stages: Array<{ key: string }> },
  intent: Intent
): string | null => {
  const map = { ...DEFAULT_INTENT_STAGES, ...(journey.intentStages ?? {}) };
  const key = map[intent];
  if (!key) return null;
  return journey.stages.some((s) => s.key === key) ? key : null;
};
