import * as React from 'react';
import { Badge, Box, Button, Flex, Typography } from '@strapi/design-system';
import { useForm } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useClassifyIntentQuery } from '../api/entry';
import { getTranslation } from '../utils/getTranslation';
import { useDebounced } from './common';

interface PanelProps {
  model: string;
}

type Values = Record<string, unknown>;

/** Fields whose text says what an entry is about, in the order they are trusted. */
const TITLE_FIELDS = ['title', 'name', 'headline'];
const KEYWORD_FIELDS = ['focusKeyword', 'focusKeyphrase', 'keyword', 'keywords'];

const firstText = (values: Values, fields: string[]) =>
  fields.map((f) => values[f]).find((v): v is string => typeof v === 'string' && v.trim() !== '');

const contentLocale = () =>
  new URLSearchParams(window.location.search).get('plugins[i18n][locale]') ?? undefined;

/** A one-line hint in the panel's muted style. */
const Hint = ({ id, defaultMessage }: { id: string; defaultMessage: string }) => {
  const { formatMessage } = useIntl();
  return (
    <Typography variant="pi" textColor="neutral600">
      {formatMessage({ id: getTranslation(id), defaultMessage })}
    </Typography>
  );
};

export const IntentSuggestion = ({ model, current }: PanelProps & { current: string | null }) => {
  const { formatMessage } = useIntl();
  const values = useForm('JourneyIntentSuggestion', (state) => state.values) as Values;
  const onChange = useForm('JourneyIntentSuggestion', (state) => state.onChange);
  const text = [firstText(values, TITLE_FIELDS), firstText(values, KEYWORD_FIELDS)]
    .filter(Boolean)
    .join(' ')
    .slice(0, 200);
  const query = useDebounced(text, 400);
  const { data: result, isError: failed } = useClassifyIntentQuery(
    { q: query, contentType: model, locale: contentLocale() },
    { skip: !query.trim() }
  );

  const intentName = (intent: string) =>
    formatMessage({ id: getTranslation(`intent.${intent}`), defaultMessage: intent });

  if (failed) {
    return <Hint id="suggestion.unavailable" defaultMessage="No suggestion available." />;
  }
  if (!query.trim() || !result) {
    return (
      <Hint
        id="suggestion.empty"
        defaultMessage="Write a title to get a suggested search intent."
      />
    );
  }
  if (!result.intent) {
    return <Hint id="suggestion.none" defaultMessage="The title gives no clear search intent." />;
  }
  const terms = result.matches.filter((m) => m.intent === result.intent).map((m) => m.term);
  return (
    <Flex direction="column" alignItems="stretch" gap={2} width="100%">
      <Flex gap={2} wrap="wrap">
        <Typography variant="omega" fontWeight="bold" data-testid="journey-suggested-intent">
          {intentName(result.intent)}
        </Typography>
        <Badge>
          {formatMessage(
            { id: getTranslation('suggestion.confidence'), defaultMessage: 'confidence {value}%' },
            { value: Math.round(result.confidence * 100) }
          )}
        </Badge>
      </Flex>
      <Typography variant="pi" textColor="neutral600">
        {formatMessage(
          { id: getTranslation('suggestion.because'), defaultMessage: 'Because of: {terms}' },
          { terms: terms.map((t) => `“${t}”`).join(', ') }
        )}
      </Typography>
      <Box>
        {current === result.intent ? (
          <Typography variant="pi" textColor="success600">
            {formatMessage({
              id: getTranslation('suggestion.same'),
              defaultMessage: 'The entry already has this intent.',
            })}
          </Typography>
        ) : (
          <Button
            variant="secondary"
            size="S"
            onClick={() => onChange('searchIntent', result.intent)}
          >
            {formatMessage({
              id: getTranslation('suggestion.accept'),
              defaultMessage: 'Use this intent',
            })}
          </Button>
        )}
      </Box>
    </Flex>
  );
};
