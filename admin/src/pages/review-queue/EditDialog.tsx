import * as React from 'react';
import {
  Button,
  Field,
  Flex,
  Modal,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import type { AcceptItem, QueueRow } from '../../api/queue';
import { useT } from '../../components/common';
import { StagePicker } from '../../components/StagePicker';
import { INTENTS, type Intent } from '../../journeys';
import { useEditorJourneys } from '../../api/journeys';

/** Edit then accept: the editor's own intent and stage for one entry. */
export const EditDialog = ({
  row,
  contentType,
  journeyKey,
  onAccept,
  onClose,
}: {
  row: QueueRow;
  contentType: string;
  journeyKey: string | undefined;
  onAccept: (item: AcceptItem) => void;
  onClose: () => void;
}) => {
  const t = useT();
  const { journeys } = useEditorJourneys(contentType);
  const shown = (journeys ?? []).filter((j) => !journeyKey || j.key === journeyKey).slice(0, 1);
  const [intent, setIntent] = React.useState<Intent | ''>(row.suggestion?.intent ?? '');
  const [stage, setStage] = React.useState<string | null>(
    row.suggestion?.stage?.documentId ?? null
  );
  return (
    <Modal.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{row.title ?? row.documentId}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4} data-testid="queue-edit">
            <Field.Root name="queue-edit-intent">
              <Field.Label>{t('panel.intent', 'Search intent')}</Field.Label>
              <SingleSelect
                value={intent}
                placeholder={t('panel.noIntent', 'No intent')}
                onChange={(value: string | number) => setIntent(String(value) as Intent)}
                onClear={() => setIntent('')}
              >
                {INTENTS.map((i) => (
                  <SingleSelectOption key={i} value={i}>
                    {t(`intent.${i}`, i)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
            <Typography variant="sigma" textColor="neutral600">
              {t('queue.stage', 'Stage')}
            </Typography>
            <StagePicker
              journeys={shown}
              selected={stage ? [stage] : []}
              testId="queue-edit-stage"
              onToggle={(documentId) => setStage((s) => (s === documentId ? null : documentId))}
            />
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Button variant="tertiary" onClick={onClose}>
            {t('settings.cancel', 'Cancel')}
          </Button>
          <Button
            disabled={!intent && !stage}
            data-testid="queue-edit-accept"
            onClick={() => onAccept({ documentId: row.documentId, intent: intent || null, stage })}
          >
            {t('queue.accept', 'Accept')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
