import { Box, Flex, Typography } from '@strapi/design-system';
import { Link as RouterLink } from 'react-router-dom';
import styled from 'styled-components';
import type { CoverageStage } from '../../api/coverage';
import type { Translate } from '../../components/common';
import { useLocalName } from '../../journeys';
import type { Column } from '../coverage-view';

export const INTENT_COLUMNS: Column[] = [
  'informational',
  'commercial',
  'transactional',
  'navigational',
  'local',
  'none',
];

export type CoverageState = 'published' | 'draftOnly';

/** A cell's count in the view's state, and the other state's count shown beside it. */
export const countIn =
  (state: CoverageState) =>
  (c: { published: number; draftOnly: number }): number =>
    state === 'published' ? c.published : c.draftOnly;

export const otherThan = (state: CoverageState) =>
  countIn(state === 'published' ? 'draftOnly' : 'published');

/** The browser's default link blue fails contrast on the dark theme; text colour plus underline reads in both. */
export const Link = styled(RouterLink)`
  color: ${({ theme }) => theme.colors.neutral800};
  text-decoration: underline;
`;

export const useStageName = (): ((stage: CoverageStage) => string) => useLocalName();

export const columnNameOf = (t: Translate) => (column: Column) =>
  column === 'none'
    ? t('coverage.noIntent', 'No intent')
    : t(`intent.${column}`, column.charAt(0).toUpperCase() + column.slice(1));

export const Dot = ({ colour }: { colour: string | null }) => (
  <Box
    display="inline-block"
    width="1.2rem"
    height="1.2rem"
    hasRadius
    background="neutral200"
    style={colour ? { background: colour, borderRadius: '50%' } : { borderRadius: '50%' }}
  />
);

/** A stage as the coverage tables name it: its colour, then its name in the admin's language. */
export const StageLabel = ({ stage, bold = false }: { stage: CoverageStage; bold?: boolean }) => {
  const stageName = useStageName();
  return (
    <Flex gap={2}>
      <Dot colour={stage.colour} />
      <Typography fontWeight={bold ? 'bold' : undefined}>{stageName(stage)}</Typography>
    </Flex>
  );
};
