import * as React from 'react';
import { Badge, Box, Button, Flex, Modal, Typography } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { Link, useNavigate } from 'react-router-dom';
import { useCoverageEntriesQuery, type CellEntry as Entry } from '../api/coverage';
import type { Locale } from '../api/lookups';
import { DataTable, ErrorNotice, FilterSelect, Pager, useT } from './common';

export interface Cell {
  journey: string;
  stage: { key: string; label: string };
  intent: string;
  intentLabel: string;
  contentType?: string;
  locale?: string;
  state: 'published' | 'draftOnly';
}

const PAGE_SIZE = 10;

const typePath = (kind: string, uid: string) =>
  `/content-manager/${kind === 'singleType' ? 'single-types' : 'collection-types'}/${uid}`;

const editLink = (entry: Entry) =>
  `${typePath(entry.kind, entry.contentType)}${entry.kind === 'singleType' ? '' : `/${entry.documentId}`}${
    entry.locale ? `?plugins[i18n][locale]=${entry.locale}` : ''
  }`;

const StatusBadge = ({ status }: { status: Entry['status'] }) => {
  const t = useT();
  return (
    <Badge
      backgroundColor={status === 'published' ? 'success100' : 'secondary100'}
      textColor={status === 'published' ? 'success700' : 'secondary700'}
    >
      {status === 'published' ? t('coverage.published', 'Published') : t('cell.draft', 'Draft')}
    </Badge>
  );
};

/**
 * The entries behind one cell of the matrix, each linked to its edit view, and a way to start a
 * draft with the cell's stage and intent already set, which matters most for a gap.
 */
export const CellEntries = ({
  cell,
  contentTypes,
  locales,
  onClose,
}: {
  cell: Cell;
  contentTypes: Array<{ uid: string; kind: string; name: string }>;
  locales: Locale[];
  onClose: () => void;
}) => {
  const { formatDate } = useIntl();
  const t = useT();
  const navigate = useNavigate();
  const [page, setPage] = React.useState(1);
  const { data: result, error } = useCoverageEntriesQuery({
    journey: cell.journey,
    stage: cell.stage.key,
    intent: cell.intent,
    state: cell.state,
    contentType: cell.contentType,
    locale: cell.locale,
    page,
    pageSize: PAGE_SIZE,
  });
  const creatable = contentTypes.filter((ct) => !cell.contentType || ct.uid === cell.contentType);
  const [createType, setCreateType] = React.useState(creatable[0]?.uid ?? '');
  const defaultLocale = locales.find((l) => l.isDefault)?.code ?? locales[0]?.code;
  const [createLocale, setCreateLocale] = React.useState(cell.locale ?? defaultLocale ?? '');

  const createDraft = () => {
    const type = contentTypes.find((ct) => ct.uid === createType);
    if (!type) return;
    const params = new URLSearchParams();
    if (createLocale) params.set('plugins[i18n][locale]', createLocale);
    params.set('journeyStage', `${cell.journey}.${cell.stage.key}`);
    if (cell.intent !== 'none') params.set('journeyIntent', cell.intent);
    navigate(`${typePath(type.kind, type.uid)}/create?${params.toString()}`);
  };

  const typeName = (uid: string) => contentTypes.find((ct) => ct.uid === uid)?.name ?? uid;
  const entries = result?.data ?? [];

  return (
    <Modal.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>
            {cell.stage.label} × {cell.intentLabel}
          </Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <ErrorNotice error={error} inline />
            {result && entries.length === 0 && (
              <Typography data-testid="journey-cell-empty">
                {cell.state === 'published'
                  ? t('cell.emptyPublished', 'No published entries here yet: this is a gap.')
                  : t('cell.emptyDrafts', 'No drafts here.')}
              </Typography>
            )}
            {entries.length > 0 && (
              <>
                <Typography variant="pi" textColor="neutral600">
                  {t('cell.count', '{total, plural, one {# entry} other {# entries}}', {
                    total: result?.pagination.total ?? 0,
                  })}
                </Typography>
                <DataTable
                  rows={entries}
                  rowKey={(entry) => `${entry.contentType}-${entry.documentId}-${entry.locale}`}
                  columns={[
                    {
                      key: 'title',
                      header: t('cell.title', 'Title'),
                      cell: (entry) => (
                        <Link to={editLink(entry)} data-testid="journey-cell-entry">
                          {entry.title ?? entry.documentId}
                        </Link>
                      ),
                    },
                    {
                      key: 'type',
                      header: t('cell.type', 'Type'),
                      cell: (entry) => typeName(entry.contentType),
                    },
                    {
                      key: 'locale',
                      header: t('cell.locale', 'Locale'),
                      cell: (entry) => entry.locale ?? '-',
                    },
                    {
                      key: 'status',
                      header: t('cell.status', 'Status'),
                      cell: (entry) => <StatusBadge status={entry.status} />,
                    },
                    {
                      key: 'updated',
                      header: t('cell.updated', 'Updated'),
                      cell: (entry) => formatDate(entry.updatedAt, { dateStyle: 'medium' }),
                    },
                  ]}
                />
                <Pager
                  small
                  page={page}
                  pageCount={result?.pagination.pageCount}
                  onPage={setPage}
                />
              </>
            )}
            {creatable.length > 0 && (
              <Box background="neutral100" padding={4} hasRadius>
                <Flex gap={3} wrap="wrap" alignItems="flex-end">
                  <FilterSelect
                    label={t('cell.createType', 'Content type of the draft')}
                    minWidth="18rem"
                    value={createType}
                    options={creatable.map((ct) => ({ value: ct.uid, label: ct.name }))}
                    onChange={(value) => setCreateType(value ?? '')}
                  />
                  {!cell.locale && locales.length > 1 && (
                    <FilterSelect
                      label={t('cell.createLocale', 'Locale of the draft')}
                      minWidth="14rem"
                      value={createLocale}
                      options={locales.map((l) => ({ value: l.code, label: l.name }))}
                      onChange={(value) => setCreateLocale(value ?? '')}
                    />
                  )}
                  <Button startIcon={<Plus />} onClick={createDraft}>
                    {t('cell.create', 'Create a draft here')}
                  </Button>
                </Flex>
              </Box>
            )}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Button variant="tertiary" onClick={onClose}>
            {t('cell.close', 'Close')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
