import * as React from 'react';
import { Box, Flex, IconButton, Typography } from '@strapi/design-system';
import { Drag, Pencil, Trash } from '@strapi/icons';
import type { Stage } from '../../api/journeys';
import { stageStyle, useLocalName } from '../../journeys';
import { LANGUAGES } from '../../pages/settings-form';
import { MoveButtons, useT } from './shared';

/** A stage row: drag it by the handle, or move it with the arrow buttons from the keyboard. */
export const StageRow = ({
  stage,
  index,
  count,
  onMove,
  onEdit,
  onDelete,
  dragging,
}: {
  stage: Stage;
  index: number;
  count: number;
  onMove: (from: number, to: number) => void;
  onEdit: () => void;
  onDelete: () => void;
  dragging: { from: number | null; set: (from: number | null) => void };
}) => {
  const t = useT();
  const localName = useLocalName();
  return (
    <Box
      draggable
      onDragStart={(e: React.DragEvent) => {
        e.dataTransfer.effectAllowed = 'move';
        e.dataTransfer.setData('text/plain', stage.key);
        dragging.set(index);
      }}
      onDragOver={(e: React.DragEvent) => e.preventDefault()}
      onDrop={(e: React.DragEvent) => {
        e.preventDefault();
        if (dragging.from !== null && dragging.from !== index) onMove(dragging.from, index);
        dragging.set(null);
      }}
      onDragEnd={() => dragging.set(null)}
      data-testid={`journey-settings-stage-${stage.key}`}
      background={dragging.from === index ? 'primary100' : 'neutral0'}
      borderColor="neutral150"
      hasRadius
      padding={3}
    >
      <Flex gap={3}>
        <Box style={{ cursor: 'grab' }} color="neutral500" aria-hidden>
          <Drag />
        </Box>
        <span style={stageStyle(stage.colour ?? null)} />
        <Flex direction="column" alignItems="flex-start" flex="1">
          <Typography fontWeight="bold">{localName(stage)}</Typography>
          <Typography variant="pi" textColor="neutral600">
            {stage.key}
            {stage.names
              ? ` · ${LANGUAGES.map((l) => stage.names?.[l])
                  .filter(Boolean)
                  .join(' / ')}`
              : ''}
          </Typography>
        </Flex>
        <MoveButtons index={index} count={count} onMove={onMove} />
        <IconButton label={t('settings.stage.edit', 'Edit stage')} variant="ghost" onClick={onEdit}>
          <Pencil />
        </IconButton>
        <IconButton
          label={t('settings.stage.delete', 'Delete stage')}
          variant="ghost"
          onClick={onDelete}
        >
          <Trash />
        </IconButton>
      </Flex>
    </Box>
  );
};
