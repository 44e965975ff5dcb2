import * as React from 'react';
import { Button } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { errorOf, type Journey, type Stage } from '../api/journeys';
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
  const { get, post, put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [journeys, setJourneys] = React.useState<Journey[] | null>(null);
  const [editing, setEditing] = React.useState<Editing>(null);
  const [deleting, setDeleting] = React.useState<DeleteTarget | null>(null);

  const load = React.useCallback(
    () =>
      get<{ data: Journey[] }>('/journey/journeys')
        .then(({ data }) => setJourneys(data.data))
        .catch((e) => toggleNotification({ type: 'danger', message: errorOf(e).message })),
    [get, toggleNotification]
  );
  React.useEffect(() => {
    load();
  }, [load]);

  const saved = () => {
    setEditing(null);
    toggleNotification({ type: 'success', message: t('settings.saved', 'Saved') });
    return load();
  };

  const moveStage = async (journey: Journey, from: number, to: number) => {
    const keys = moveItem(
      journey.stages.map((s) => s.key),
      from,
      to
    );
    // Shown at once; the server's answer then replaces it.
    setJourneys((all) =>
      (all ?? []).map((j) =>
        j.key === journey.key
          ? { ...j, stages: keys.map((k) => j.stages.find((s) => s.key === k) as Stage) }
          : j
      )
    );
    try {
      await put(`/journey/journeys/${journey.key}/stages/order`, { stages: keys });
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorOf(e).message });
    }
    await load();
  };

  const moveJourney = async (from: number, to: number) => {
    const keys = moveItem(
      (journeys ?? []).map((j) => j.key),
      from,
      to
    );
    try {
      await put('/journey/journeys/order', { journeys: keys });
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorOf(e).message });
    }
    await load();
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
              load();
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
      </Layouts.Content>

      {editing?.kind === 'journey' && (
        <JourneyDialog
          journey={editing.journey}
          existingKeys={(journeys ?? []).map((j) => j.key)}
          onClose={() => setEditing(null)}
          onImported={() => {
            setEditing(null);
            toggleNotification({ type: 'success', message: t('settings.imported', 'Imported') });
            load();
          }}
          onSave={async (data) => {
            if (editing.journey) await put(`/journey/journeys/${editing.journey.key}`, data);
            else await post('/journey/journeys', data);
            await saved();
          }}
        />
      )}
      {editing?.kind === 'stage' && (
        <StageDialog
          stage={editing.stage}
          journey={editing.journey}
          onClose={() => setEditing(null)}
          onSave={async (data) => {
            if (editing.stage) await put(`/journey/stages/${editing.stage.documentId}`, data);
            else await post(`/journey/journeys/${editing.journey.key}/stages`, data);
            await saved();
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
            load();
          }}
        />
      )}
    </Page.Main>
  );
};

export default SettingsPage;
