import * as React from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Check, Trash } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import {
  useAcceptSiteTermMutation,
  useGetSiteTermProposalsQuery,
  useGetSiteTermsQuery,
  useRemoveSiteTermMutation,
} from '../api/site-terms';
import { errorMessage } from '../api/tags';
import { useT } from './common';

/**
 * What the site teaches the classifier: terms editors kept choosing an intent for, offered as
 * proposals, and the accepted site terms. Only for roles that manage journeys (the routes
 * answer 403 to others, and then the section stays hidden).
 */
export const SiteTermsSection = () => {
  const t = useT();
  const { toggleNotification } = useNotification();
  const proposalsQuery = useGetSiteTermProposalsQuery();
  const termsQuery = useGetSiteTermsQuery();
  const [accept] = useAcceptSiteTermMutation();
  const [remove] = useRemoveSiteTermMutation();
  const proposals = proposalsQuery.data;
  const terms = termsQuery.data ?? [];

  // Hidden until both lists are in, and for good when either is refused (a 403).
  if (!proposals || !termsQuery.data || proposalsQuery.isError || termsQuery.isError) return null;
  const intentName = (intent: string) => t(`intent.${intent}`, intent);
  const act = async (run: () => { unwrap: () => Promise<unknown> }) => {
    try {
      await run().unwrap();
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorMessage(e) });
    }
  };

  return (
    <Box
      marginTop={6}
      background="neutral0"
      padding={6}
      shadow="tableShadow"
      hasRadius
      data-testid="site-terms"
    >
      <Typography variant="delta" tag="h2">
        {t('terms.title', 'Site terms')}
      </Typography>
      <Box paddingTop={2} paddingBottom={3}>
        <Typography variant="pi" textColor="neutral600">
          {t(
            'terms.hint',
            'Terms your editors keep choosing an intent for. Accepted terms teach the classifier and travel with the journeys export.'
          )}
        </Typography>
      </Box>
      <Typography variant="sigma" textColor="neutral600">
        {t('terms.proposals', 'Proposals')}
      </Typography>
      {proposals.length === 0 && (
        <Typography tag="p">{t('terms.noProposals', 'No proposals yet.')}</Typography>
      )}
      {proposals.map((p) => (
        <Flex key={`${p.language}-${p.term}-${p.intent}`} gap={3} paddingTop={2}>
          <Typography data-testid="site-term-proposal">
            {t(
              'terms.proposal',
              '‘{term}’ → {intent}, chosen {count, plural, one {# time} other {# times}} ({language})',
              {
                term: p.term,
                intent: intentName(p.intent).toLowerCase(),
                count: p.count,
                language: p.language,
              }
            )}
          </Typography>
          <Button
            size="S"
            variant="secondary"
            startIcon={<Check />}
            onClick={() =>
              act(() =>
                accept({
                  term: p.term,
                  language: p.language,
                  intent: p.intent,
                })
              )
            }
          >
            {t('terms.accept', 'Accept')}
          </Button>
        </Flex>
      ))}
      <Box paddingTop={4}>
        <Typography variant="sigma" textColor="neutral600">
          {t('terms.accepted', 'Accepted site terms')}
        </Typography>
      </Box>
      {terms.length === 0 && (
        <Typography tag="p">{t('terms.none', 'No site terms yet.')}</Typography>
      )}
      {terms.map((term) => (
        <Flex key={term.id} gap={3} paddingTop={2}>
          <Typography>
            {term.term} → {intentName(term.intent).toLowerCase()} ({term.language})
          </Typography>
          <Button
            size="S"
            variant="danger-light"
            startIcon={<Trash />}
            onClick={() => act(() => remove(term.id))}
          >
            {t('terms.remove', 'Remove')}
          </Button>
        </Flex>
      ))}
    </Box>
  );
};
