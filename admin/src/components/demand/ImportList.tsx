import * as React from 'react';
import { Box, Button, Dialog, IconButton, Typography } from '@strapi/design-system';
import { Trash } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { toNumber, type DemandImport } from '../../api/demand';
import { DataTable } from '../common';
import { useT } from '../common';

/**
 * The stored imports of a journey, newest first, with what each holds; deleting one (after a
 * confirmation) takes its queries out of the demand layer.
 */
export const ImportList = ({
  imports,
  locales,
  canManage,
  onDelete,
}: {
  imports: DemandImport[];
  locales: Array<{ code: string; name: string }>;
  canManage: boolean;
  onDelete: (item: DemandImport) => Promise<void>;
}) => {
  const t = useT();
  const { formatNumber, formatDate } = useIntl();
  const [confirming, setConfirming] = React.useState<DemandImport | null>(null);
  const [deleting, setDeleting] = React.useState(false);

  const period = (item: DemandImport) => {
    if (item.periodKey === 'monthly') return t('demand.period.monthly', 'Monthly volume');
    const [from, to] = item.periodKey.split('..');
    return `${formatDate(from, { dateStyle: 'medium' })} – ${formatDate(to, { dateStyle: 'medium' })}`;
  };
  const totals = (item: DemandImport) =>
    [
      item.totalImpressions !== null && item.totalImpressions !== undefined
        ? t(
            'demand.totals.impressions',
            '{count, plural, one {# impression} other {# impressions}}',
            {
              count: toNumber(item.totalImpressions),
            }
          )
        : null,
      item.totalClicks !== null && item.totalClicks !== undefined
        ? t('demand.totals.clicks', '{count, plural, one {# click} other {# clicks}}', {
            count: toNumber(item.totalClicks),
          })
        : null,
      item.totalVolume !== null && item.totalVolume !== undefined && toNumber(item.totalVolume) > 0
        ? t('demand.totals.volume', '{count, plural, one {# search} other {# searches}} a month', {
            count: toNumber(item.totalVolume),
          })
        : null,
    ]
      .filter(Boolean)
      .join(' · ');

  if (imports.length === 0) {
    return (
      <Typography textColor="neutral600" data-testid="demand-imports-empty">
        {t('demand.imports.empty', 'No search demand imported for this journey yet.')}
      </Typography>
    );
  }

  return (
    <>
      <DataTable
        rows={imports}
        rowKey={(item) => item.id}
        rowTestId={() => 'demand-import-row'}
        columns={[
          {
            key: 'source',
            header: t('demand.source', 'Source'),
            cell: (item) => <Typography fontWeight="bold">{item.source}</Typography>,
          },
          { key: 'period', header: t('demand.period', 'Period'), cell: period },
          {
            key: 'locale',
            header: t('coverage.locale', 'Locale'),
            cell: (item) => locales.find((l) => l.code === item.locale)?.name ?? item.locale,
          },
          {
            key: 'rows',
            header: t('demand.imports.rows', 'Queries'),
            cell: (item) =>
              `${formatNumber(item.rowsStored ?? 0)}${
                (item.rowsSkipped ?? 0) > 0
                  ? ` ${t(
                      'demand.imports.skipped',
                      '({count, plural, one {# row skipped} other {# rows skipped}})',
                      {
                        count: item.rowsSkipped ?? 0,
                      }
                    )}`
                  : ''
              }`,
          },
          { key: 'totals', header: t('demand.imports.totals', 'Totals'), cell: totals },
          {
            key: 'by',
            header: t('demand.imports.by', 'Imported'),
            cell: (item) =>
              t('demand.imports.byAt', '{name}, {at}', {
                name: item.importedByName ?? '—',
                at: item.createdAt
                  ? formatDate(item.createdAt, { dateStyle: 'medium', timeStyle: 'short' })
                  : '—',
              }),
          },
          {
            key: 'actions',
            header: t('demand.imports.actions', 'Actions'),
            cell: (item) =>
              canManage && (
                <IconButton
                  label={t('demand.imports.delete', 'Delete import {source}', {
                    source: item.source,
                  })}
                  variant="ghost"
                  onClick={() => setConfirming(item)}
                  data-testid="demand-import-delete"
                >
                  <Trash />
                </IconButton>
              ),
          },
        ]}
      />
      {confirming && (
        <Dialog.Root open onOpenChange={(open: boolean) => !open && setConfirming(null)}>
          <Dialog.Content>
            <Dialog.Header>{t('demand.imports.confirmTitle', 'Delete this import?')}</Dialog.Header>
            <Dialog.Body>
              <Box>
                <Typography textAlign="center" tag="p">
                  {t(
                    'demand.imports.confirmBody',
                    '{source} ({period}): its {count, plural, one {# query leaves} other {# queries leave}} the demand layer. Overrides are kept.',
                    {
                      source: confirming.source,
                      period: period(confirming),
                      count: confirming.rowsStored ?? 0,
                    }
                  )}
                </Typography>
              </Box>
            </Dialog.Body>
            <Dialog.Footer>
              <Dialog.Cancel>
                <Button fullWidth variant="tertiary">
                  {t('settings.cancel', 'Cancel')}
                </Button>
              </Dialog.Cancel>
              <Button
                fullWidth
                variant="danger-light"
                loading={deleting}
                data-testid="demand-import-delete-confirm"
                onClick={async () => {
                  setDeleting(true);
                  try {
                    await onDelete(confirming);
                  } finally {
                    setDeleting(false);
                    setConfirming(null);
                  }
                }}
              >
                {t('demand.imports.deleteConfirm', 'Delete')}
              </Button>
            </Dialog.Footer>
          </Dialog.Content>
        </Dialog.Root>
      )}
    </>
  );
};
