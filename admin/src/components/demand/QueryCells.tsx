import { Badge, Flex, Tooltip, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { Link } from 'react-router-dom';
import type { CellQuery } from '../../api/demand';
import { useT } from '../common';

type Tone = 'success' | 'danger' | 'warning' | 'secondary';

const Flag = ({ tone, testId, children }: { tone: Tone; testId: string; children: string }) => (
  <Badge backgroundColor={`${tone}100`} textColor={`${tone}700`} data-testid={testId}>
    {children}
  </Badge>
);

/** Served or not by a published document, almost there, overridden by an admin. */
export const QueryStatus = ({ row }: { row: CellQuery }) => {
  const t = useT();
  return (
    <Flex gap={1} wrap="wrap">
      {row.served ? (
        <Flag tone="success" testId="demand-served">
          {t('demand.served', 'Served')}
        </Flag>
      ) : (
        <Flag tone="danger" testId="demand-unserved">
          {t('demand.unserved', 'Unserved')}
        </Flag>
      )}
      {row.almostThere && (
        <Flag tone="warning" testId="demand-almost">
          {t('demand.almostThere', 'Almost there')}
        </Flag>
      )}
      {row.overridden && (
        <Flag tone="secondary" testId="demand-overridden">
          {t('demand.overridden', 'Overridden')}
        </Flag>
      )}
    </Flex>
  );
};

/** The best matching document, its score and (on hover or focus) the terms that made it. */
export const QueryMatchCell = ({ row, link }: { row: CellQuery; link: string | null }) => {
  const t = useT();
  const { formatNumber } = useIntl();
  const match = row.match;
  if (!match || !link) return <Typography textColor="neutral600">—</Typography>;
  const two = (value: number) => formatNumber(value, { maximumFractionDigits: 2 });
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <Link to={link} data-testid="demand-match">
        {match.title ?? match.documentId}
      </Link>
      <Flex gap={2}>
        <Tooltip
          label={
            match.terms.length
              ? t('demand.terms', 'Matched: {terms}', {
                  terms: match.terms.map((term) => `${term.term} (${two(term.weight)})`).join(', '),
                })
              : t('demand.noTerms', 'No terms matched')
          }
        >
          <Typography
            variant="pi"
            tabIndex={0}
            style={{ textDecoration: 'underline dotted' }}
            data-testid="demand-score"
          >
            {t('demand.scoreOf', 'score {score}', { score: two(match.score) })}
          </Typography>
        </Tooltip>
        {!match.sameCell && (
          <Typography variant="pi" textColor="neutral600">
            {t('demand.otherCell', 'in another cell')}
          </Typography>
        )}
      </Flex>
    </Flex>
  );
};
