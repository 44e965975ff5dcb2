import * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import { Link as RouterLink } from 'react-router-dom';
import styled from 'styled-components';
import { useGetJourneysQuery } from '../../api/journeys';
import type { AnalyticsStageRow } from '../../api/analytics';
import { useLocalName } from '../../journeys';

/** A white card with a heading, as the coverage page's sections are. */
export const Panel = ({
  title,
  hint,
  action,
  testId,
  children,
}: {
  title: string;
  hint?: string;
  action?: React.ReactNode;
  testId?: string;
  children: React.ReactNode;
}) => (
  <Box
    tag="section"
    background="neutral0"
    padding={6}
    shadow="tableShadow"
    hasRadius
    data-testid={testId}
  >
    <Flex justifyContent="space-between" alignItems="flex-start" gap={4} wrap="wrap">
      <Box>
        <Typography variant="delta" tag="h2">
          {title}
        </Typography>
        {hint && (
          <Box paddingTop={1}>
            <Typography variant="pi" textColor="neutral600">
              {hint}
            </Typography>
          </Box>
        )}
      </Box>
      {action}
    </Flex>
    <Box paddingTop={4}>{children}</Box>
  </Box>
);

export type AnalyticsStage = AnalyticsStageRow['stage'];

/**
 * A stage's name in the admin's language: the analytics answer carries the default name only,
 * the journeys list (already cached by the filter bar) has the translations.
 */
export const useAnalyticsStageName = () => {
  const localName = useLocalName();
  const { data: journeys } = useGetJourneysQuery();
  return (stage: AnalyticsStage) => {
    for (const journey of journeys ?? []) {
      const found = journey.stages.find((s) => s.documentId === stage.documentId);
      if (found) return localName(found);
    }
    return stage.name;
  };
};

export const Dot = styled.span<{ $colour: string | null }>`
  display: inline-block;
  width: 1rem;
  height: 1rem;
  border-radius: 50%;
  flex-shrink: 0;
  background: ${({ $colour, theme }) => $colour ?? theme.colors.neutral500};
`;

export const StageName = ({ stage, bold = false }: { stage: AnalyticsStage; bold?: boolean }) => {
  const name = useAnalyticsStageName();
  return (
    <Flex gap={2}>
      <Dot $colour={stage.colour} aria-hidden />
      <Typography fontWeight={bold ? 'bold' : undefined}>{name(stage)}</Typography>
    </Flex>
  );
};

export const Link = styled(RouterLink)`
  color: ${({ theme }) => theme.colors.primary700};
  text-decoration: underline;
`;
