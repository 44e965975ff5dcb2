import * as React from 'react';
import { Button } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import {
  errorOf,
  useCreateJourneyMutation,
  useCreateJourneyStageMutation,
  useGetJourneysQuery,
  useReorderJourneyStagesMutation,
  useReorderJourneysMutation,
  useUpdateJourneyMutation,
  useUpdateJourneyStageMutation,
  type Journey,
  type Stage,
} from '../api/journeys';
import { AnalyticsImports } from '../components/settings/AnalyticsImports';
import { DeleteDialog, type DeleteTarget } from '../components/settings/DeleteDialog';
import { ImportExport } from '../components/settings/ImportExport';
import { JourneyDialog } from '../components/settings/JourneyDialog';
import { JourneyList } from '../components/settings/JourneyList';
import { useT } from '../components/settings/shared';
import { StageDialog } from '../components/settings/StageDialog';
import { moveItem } from './settings-form';

type Editing =
  | { kind: 'journey'; journey: Journey | null }
  | { kind: 'stage'; journey: Journey; stage: Stage | null }
  | null;

/** Settings → Journey: the journeys, their stages in order, and the dialogs that change them. */
export const SettingsPage = () => {
  const t = useT();
  const { toggleNotification } = useNotification();
  const { data: journeys, error } = useGetJourneysQuery();
  const [createJourney] = useCreateJourneyMutation();
  const [updateJourney] = useUpdateJourneyMutation();
  const [createStage] = useCreateJourneyStageMutation();
  const [updateStage] = useUpdateJourneyStageMutation();
  const [reorderStages] = useReorderJourneyStagesMutation();
  const [reorderJourneys] = useReorderJourneysMutation();
  const [editing, setEditing] = React.useState<Editing>(null);
  const [deleting, setDeleting] = React.useState<DeleteTarget | null>(null);

  React.useEffect(() => {
    if (error) toggleNotification({ type: 'danger', message: errorOf(error).message });
  }, [error, toggleNotification]);

  const saved = () => {
    setEditing(null);
    toggleNotification({ type: 'success', message: t('settings.saved', 'Saved') });
  };

  // Reorders show at once and refetch either way; a refusal is only told.
  const moveStage = async (journey: Journey, from: number, to: number) => {
    const keys = moveItem(
      journey.stages.map((s) => s.key),
      from,
      to
    );
    const result = await reorderStages({ journey: journey.key, stages: keys });
    if ('error' in result) {
      toggleNotification({ type: 'danger', message: errorOf(result.error).message });
    }
  };

  const moveJourney = async (from: number, to: number) => {
    const keys = moveItem(
      (journeys ?? []).map((j) => j.key),
      from,
      to
    );
    const result = await reorderJourneys(keys);
    if ('error' in result) {
      toggleNotification({ type: 'danger', message: errorOf(result.error).message });
    }
  };

  return (
    <Page.Main>
      <Page.Title>{t('settings.title', 'Journeys')}</Page.Title>
      <Layouts.Header
        title={t('settings.title', 'Journeys')}
        subtitle={t(
          'settings.subtitle',
          'The journeys your content is tagged with, their stages in order, and the journey map.'
        )}
        primaryAction={
          <Button
            startIcon={<Plus />}
            onClick={() => setEditing({ kind: 'journey', journey: null })}
          >
            {t('settings.journey.add', 'Add journey')}
          </Button>
        }
        secondaryAction={
          <ImportExport
            onImported={() => {
              toggleNotification({ type: 'success', message: t('settings.imported', 'Imported') });
            }}
          />
        }
      />
      <Layouts.Content>
        <JourneyList
          journeys={journeys ?? []}
          onMoveJourney={moveJourney}
          onMoveStage={moveStage}
          onEditJourney={(journey) => setEditing({ kind: 'journey', journey })}
          onDeleteJourney={(journey) => setDeleting({ kind: 'journey', journey })}
          onAddStage={(journey) => setEditing({ kind: 'stage', journey, stage: null })}
          onEditStage={(journey, stage) => setEditing({ kind: 'stage', journey, stage })}
          onDeleteStage={(journey, stage) => setDeleting({ kind: 'stage', stage, journey })}
        />
        <AnalyticsImports />
      </Layouts.Content>

      {editing?.kind === 'journey' && (
        <JourneyDialog
          journey={editing.journey}
          existingKeys={(journeys ?? []).map((j) => j.key)}
          onClose={() => setEditing(null)}
          onImported={() => {
            setEditing(null);
            toggleNotification({ type: 'success', message: t('settings.imported', 'Imported') });
          }}
          onSave={async (data) => {
            if (editing.journey) await updateJourney({ key: editing.journey.key, data }).unwrap();
            else await createJourney(data).unwrap();
            saved();
          }}
        />
      )}
      {editing?.kind === 'stage' && (
        <StageDialog
          stage={editing.stage}
          journey={editing.journey}
          onClose={() => setEditing(null)}
          onSave={async (data) => {
            if (editing.stage) {
              await updateStage({ documentId: editing.stage.documentId, data }).unwrap();
            } else await createStage({ journey: editing.journey.key, data }).unwrap();
            saved();
          }}
        />
      )}
      {deleting && (
        <DeleteDialog
          target={deleting}
          journeys={journeys ?? []}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setDeleting(null);
            toggleNotification({ type: 'success', message: t('settings.deleted', 'Deleted') });
          }}
        />
      )}
    </Page.Main>
  );
};

export default SettingsPage;
