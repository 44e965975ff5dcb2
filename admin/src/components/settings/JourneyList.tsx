import * as React from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Pencil, Plus, Trash } from '@strapi/icons';
import type { Journey, Stage } from '../../api/journeys';
import { useLocalName } from '../../journeys';
import { MoveButtons, useT } from './shared';
import { StageRow } from './StageRow';

/** Every journey as a card of its stages in order, with the buttons that change them. */
export const JourneyList = ({
  journeys,
  onMoveJourney,
  onMoveStage,
  onEditJourney,
  onDeleteJourney,
  onAddStage,
  onEditStage,
  onDeleteStage,
}: {
  journeys: Journey[];
  onMoveJourney: (from: number, to: number) => void;
  onMoveStage: (journey: Journey, from: number, to: number) => void;
  onEditJourney: (journey: Journey) => void;
  onDeleteJourney: (journey: Journey) => void;
  onAddStage: (journey: Journey) => void;
  onEditStage: (journey: Journey, stage: Stage) => void;
  onDeleteStage: (journey: Journey, stage: Stage) => void;
}) => {
  const t = useT();
  const localName = useLocalName();
  const [dragFrom, setDragFrom] = React.useState<number | null>(null);
  return (
    <Flex direction="column" alignItems="stretch" gap={6}>
      {journeys.map((journey, journeyIndex) => (
        <Box
          key={journey.key}
          background="neutral0"
          padding={6}
          shadow="tableShadow"
          hasRadius
          data-testid={`journey-settings-${journey.key}`}
        >
          <Flex gap={3} paddingBottom={4}>
            <Flex direction="column" alignItems="flex-start" flex="1">
              <Typography variant="delta" tag="h2">
                {localName(journey)}
              </Typography>
              <Typography variant="pi" textColor="neutral600">
                {journey.key}
                {journey.description ? ` · ${journey.description}` : ''}
              </Typography>
            </Flex>
            <MoveButtons index={journeyIndex} count={journeys.length} onMove={onMoveJourney} />
            <Button
              variant="secondary"
              startIcon={<Pencil />}
              onClick={() => onEditJourney(journey)}
            >
              {t('settings.journey.edit', 'Edit journey')}
            </Button>
            <Button
              variant="danger-light"
              startIcon={<Trash />}
              onClick={() => onDeleteJourney(journey)}
            >
              {t('settings.journey.delete', 'Delete journey')}
            </Button>
          </Flex>
          <Flex direction="column" alignItems="stretch" gap={2}>
            {journey.stages.map((stage, index) => (
              <StageRow
                key={stage.documentId}
                stage={stage}
                index={index}
                count={journey.stages.length}
                onMove={(from, to) => onMoveStage(journey, from, to)}
                onEdit={() => onEditStage(journey, stage)}
                onDelete={() => onDeleteStage(journey, stage)}
                dragging={{ from: dragFrom, set: setDragFrom }}
              />
            ))}
          </Flex>
          <Box paddingTop={4}>
            <Button variant="tertiary" startIcon={<Plus />} onClick={() => onAddStage(journey)}>
              {t('settings.stage.add', 'Add stage')}
            </Button>
          </Box>
        </Box>
      ))}
    </Flex>
  );
};
