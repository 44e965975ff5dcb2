import { Button, Flex, Typography } from '@strapi/design-system';
import { stageStyle, useLocalName, type EditorJourney } from '../journeys';

/**
 * The journeys' stages as the Journey panel shows them: one row of coloured chips per journey,
 * names in the admin's language. Chips are buttons with aria-pressed, so Tab and Space work.
 */
export const StagePicker = ({
  journeys,
  selected,
  onToggle,
  testId = 'stage-picker',
}: {
  journeys: EditorJourney[];
  selected: string[];
  onToggle: (documentId: string) => void;
  testId?: string;
}) => {
  const localName = useLocalName();
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid={testId}>
      {journeys.map((journey) => (
        <Flex key={journey.key} direction="column" alignItems="stretch" gap={2}>
          <Typography variant="sigma" textColor="neutral600">
            {localName(journey)}
          </Typography>
          <Flex gap={2} wrap="wrap">
            {journey.stages.map((stage) => {
              const on = selected.includes(stage.documentId);
              return (
                <Button
                  key={stage.documentId}
                  size="S"
                  variant={on ? 'secondary' : 'tertiary'}
                  aria-pressed={on}
                  data-testid={`${testId}-${journey.key}-${stage.key}`}
                  startIcon={<span style={stageStyle(stage.colour)} />}
                  onClick={() => onToggle(stage.documentId)}
                >
                  {localName(stage)}
                </Button>
              );
            })}
          </Flex>
        </Flex>
      ))}
    </Flex>
  );
};

/** The stage with this documentId, named in the admin's language, across all journeys. */
export const findStage = (journeys: EditorJourney[], documentId: string) => {
  for (const journey of journeys) {
    const stage = journey.stages.find((s) => s.documentId === documentId);
    if (stage) return { journey, stage };
  }
  return null;
};
