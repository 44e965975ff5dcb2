import * as React from 'react';
import {
  Button,
  Dialog,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import {
  errorOf,
  useDeleteJourneyMutation,
  useDeleteJourneyStageMutation,
  type Journey,
  type Stage,
  type Usage,
} from '../../api/journeys';
import { useLocalName } from '../../journeys';
import { ErrorNotice } from '../common';
import { useT } from './shared';

export type DeleteTarget =
  { kind: 'stage'; stage: Stage; journey: Journey } | { kind: 'journey'; journey: Journey };

/**
 * Deleting a stage or journey: asks first, and when entries use it, names them and asks where to
 * move them. The server refuses to drop tags, so this dialog is the person-facing side of that rule.
 */
export const DeleteDialog = ({
  target,
  journeys,
  onClose,
  onDeleted,
}: {
  target: DeleteTarget;
  journeys: Journey[];
  onClose: () => void;
  onDeleted: () => void;
}) => {
  const t = useT();
  const localName = useLocalName();
  const [deleteJourney] = useDeleteJourneyMutation();
  const [deleteStage] = useDeleteJourneyStageMutation();
  const [usage, setUsage] = React.useState<Usage[] | null>(null);
  const [moveTo, setMoveTo] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  const excluded =
    target.kind === 'stage'
      ? [target.stage.documentId]
      : target.journey.stages.map((s) => s.documentId);
  const options = journeys.flatMap((j) =>
    j.stages
      .filter((s) => !excluded.includes(s.documentId))
      .map((s) => ({ value: `${j.key}.${s.key}`, label: `${localName(j)} › ${localName(s)}` }))
  );
  const name = target.kind === 'stage' ? localName(target.stage) : localName(target.journey);

  const confirm = async () => {
    try {
      if (target.kind === 'stage') {
        await deleteStage({ documentId: target.stage.documentId, moveTo }).unwrap();
      } else await deleteJourney({ key: target.journey.key, moveTo }).unwrap();
      onDeleted();
    } catch (e) {
      const { message, details } = errorOf(e);
      if (details && Array.isArray(details.usage)) setUsage(details.usage as Usage[]);
      else setError(message);
    }
  };
  const total = usage?.reduce((sum, u) => sum + u.documents, 0) ?? 0;

  return (
    <Dialog.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Dialog.Content>
        <Dialog.Header>{t('settings.delete.title', 'Delete {name}?', { name })}</Dialog.Header>
        <Dialog.Body>
          <Flex direction="column" alignItems="stretch" gap={3} width="100%">
            {usage ? (
              <>
                <Typography data-testid="journey-delete-usage">
                  {t(
                    'settings.delete.inUse',
                    '{count, plural, one {# entry is tagged with {name}. Choose a stage to move it to.} other {# entries are tagged with {name}. Choose a stage to move them to.}}',
                    { count: total, name }
                  )}
                </Typography>
                {usage.map((u) => (
                  <Typography key={u.contentType} variant="pi" textColor="neutral600">
                    {u.contentType.split('.').pop()}: {u.documents}
                  </Typography>
                ))}
                <SingleSelect
                  aria-label={t('settings.delete.moveTo', 'Move entries to')}
                  placeholder={t('settings.delete.moveTo', 'Move entries to')}
                  value={moveTo}
                  onChange={(value: string | number) => setMoveTo(String(value))}
                >
                  {options.map((o) => (
                    <SingleSelectOption key={o.value} value={o.value}>
                      {o.label}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </>
            ) : (
              <Typography>{t('settings.delete.confirm', 'This cannot be undone.')}</Typography>
            )}
            <ErrorNotice error={error} inline />
          </Flex>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button variant="tertiary" fullWidth>
              {t('settings.cancel', 'Cancel')}
            </Button>
          </Dialog.Cancel>
          <Button variant="danger-light" fullWidth disabled={!!usage && !moveTo} onClick={confirm}>
            {usage && moveTo
              ? t('settings.delete.moveAndDelete', 'Move and delete')
              : t('settings.delete.action', 'Delete')}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};
