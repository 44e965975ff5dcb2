import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  Flex,
  Modal,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { useFetchClient } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Link, useNavigate } from 'react-router-dom';
import { getTranslation } from '../utils/getTranslation';

export interface Cell {
  journey: string;
  stage: { key: string; label: string };
  intent: string;
  intentLabel: string;
  contentType?: string;
  locale?: string;
  state: 'published' | 'draftOnly';
}

interface Entry {
  documentId: string;
  contentType: string;
  kind: string;
  title: string | null;
  locale: string | null;
  status: 'published' | 'draft';
  updatedAt: string;
}

interface EntriesResponse {
  data: Entry[];
  pagination: { page: number; pageSize: number; pageCount: number; total: number };
}

const PAGE_SIZE = 10;

const typePath = (kind: string, uid: string) =>
  `/content-manager/${kind === 'singleType' ? 'single-types' : 'collection-types'}/${uid}`;

const editLink = (entry: Entry) =>
  `${typePath(entry.kind, entry.contentType)}${entry.kind === 'singleType' ? '' : `/${entry.documentId}`}${
    entry.locale ? `?plugins[i18n][locale]=${entry.locale}` : ''
  }`;

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
  locales: Array<{ code: string; name: string; isDefault?: boolean }>;
  onClose: () => void;
}) => {
  const { formatMessage, formatDate } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { get } = useFetchClient();
  const navigate = useNavigate();
  const [page, setPage] = React.useState(1);
  const [result, setResult] = React.useState<EntriesResponse | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const creatable = contentTypes.filter((ct) => !cell.contentType || ct.uid === cell.contentType);
  const [createType, setCreateType] = React.useState(creatable[0]?.uid ?? '');
  const defaultLocale = locales.find((l) => l.isDefault)?.code ?? locales[0]?.code;
  const [createLocale, setCreateLocale] = React.useState(cell.locale ?? defaultLocale ?? '');

  React.useEffect(() => {
    const params: Record<string, string> = {
      journey: cell.journey,
      stage: cell.stage.key,
      intent: cell.intent,
      state: cell.state,
      page: String(page),
      pageSize: String(PAGE_SIZE),
    };
    if (cell.contentType) params.contentType = cell.contentType;
    if (cell.locale) params.locale = cell.locale;
    get<EntriesResponse>('/journey/coverage/entries', { params })
      .then(({ data }) => {
        setResult(data);
        setError(null);
      })
      .catch((e: { response?: { data?: { error?: { message?: string } } }; message?: string }) =>
        setError(e.response?.data?.error?.message ?? e.message ?? 'Error')
      );
  }, [get, cell, page]);

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
            {error && <Typography textColor="danger600">{error}</Typography>}
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
                  {t('cell.count', '{total} entries', { total: result?.pagination.total ?? 0 })}
                </Typography>
                <Table colCount={5} rowCount={entries.length + 1}>
                  <Thead>
                    <Tr>
                      <Th>
                        <Typography variant="sigma">{t('cell.title', 'Title')}</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">{t('cell.type', 'Type')}</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">{t('cell.locale', 'Locale')}</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">{t('cell.status', 'Status')}</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">{t('cell.updated', 'Updated')}</Typography>
                      </Th>
                    </Tr>
                  </Thead>
                  <Tbody>
                    {entries.map((entry) => (
                      <Tr key={`${entry.contentType}-${entry.documentId}-${entry.locale}`}>
                        <Td>
                          <Link to={editLink(entry)} data-testid="journey-cell-entry">
                            {entry.title ?? entry.documentId}
                          </Link>
                        </Td>
                        <Td>
                          <Typography>{typeName(entry.contentType)}</Typography>
                        </Td>
                        <Td>
                          <Typography>{entry.locale ?? '-'}</Typography>
                        </Td>
                        <Td>
                          <Badge
                            backgroundColor={
                              entry.status === 'published' ? 'success100' : 'secondary100'
                            }
                            textColor={entry.status === 'published' ? 'success700' : 'secondary700'}
                          >
                            {entry.status === 'published'
                              ? t('coverage.published', 'Published')
                              : t('cell.draft', 'Draft')}
                          </Badge>
                        </Td>
                        <Td>
                          <Typography>
                            {formatDate(entry.updatedAt, { dateStyle: 'medium' })}
                          </Typography>
                        </Td>
                      </Tr>
                    ))}
                  </Tbody>
                </Table>
                {(result?.pagination.pageCount ?? 1) > 1 && (
                  <Flex gap={2} justifyContent="flex-end">
                    <Button
                      variant="tertiary"
                      disabled={page <= 1}
                      onClick={() => setPage((p) => p - 1)}
                    >
                      {t('cell.previous', 'Previous')}
                    </Button>
                    <Typography variant="pi">
                      {page} / {result?.pagination.pageCount}
                    </Typography>
                    <Button
                      variant="tertiary"
                      disabled={page >= (result?.pagination.pageCount ?? 1)}
                      onClick={() => setPage((p) => p + 1)}
                    >
                      {t('cell.next', 'Next')}
                    </Button>
                  </Flex>
                )}
              </>
            )}
            {creatable.length > 0 && (
              <Box background="neutral100" padding={4} hasRadius>
                <Flex gap={3} wrap="wrap" alignItems="flex-end">
                  <Box minWidth="18rem">
                    <SingleSelect
                      aria-label={t('cell.createType', 'Content type of the draft')}
                      value={createType}
                      onChange={(value: string | number) => setCreateType(String(value))}
                    >
                      {creatable.map((ct) => (
                        <SingleSelectOption key={ct.uid} value={ct.uid}>
                          {ct.name}
                        </SingleSelectOption>
                      ))}
                    </SingleSelect>
                  </Box>
                  {!cell.locale && locales.length > 1 && (
                    <Box minWidth="14rem">
                      <SingleSelect
                        aria-label={t('cell.createLocale', 'Locale of the draft')}
                        value={createLocale}
                        onChange={(value: string | number) => setCreateLocale(String(value))}
                      >
                        {locales.map((l) => (
                          <SingleSelectOption key={l.code} value={l.code}>
                            {l.name}
                          </SingleSelectOption>
                        ))}
                      </SingleSelect>
                    </Box>
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
