import { ChartBubble, PriceTag } from '@strapi/icons';
import type { WidgetArgs } from '@strapi/strapi/admin';
import * as yup from 'yup';
import { addJourneyColumns, addJourneyFilters } from './cm-hooks';
import { BulkTagAction } from './components/BulkTagAction';
import { JourneyPanel } from './components/JourneyPanel';
import { PLUGIN_ID } from './pluginId';
import { getTranslation, prefixPluginTranslations } from './utils/getTranslation';
import { translationFileOf } from './utils/languages';

type StrapiApp = {
  registerPlugin: (plugin: { id: string; name: string }) => void;
  addMenuLink: (link: {
    to: string;
    icon: React.ComponentType;
    intlLabel: { id: string; defaultMessage: string };
    permissions: Array<{ action: string; subject: null }>;
    Component: () => Promise<{ default: React.ComponentType }>;
  }) => void;
  getPlugin: (id: string) => { apis?: Record<string, unknown> } | undefined;
  addSettingsLink: (
    section: string,
    link: {
      id: string;
      to: string;
      intlLabel: { id: string; defaultMessage: string };
      permissions: Array<{ action: string; subject: null }>;
      Component: () => Promise<{ default: React.ComponentType }>;
    }
  ) => void;
  registerHook: (name: string, fn: (...args: never[]) => unknown) => void;
  widgets: { register: (widgets: WidgetArgs[]) => void };
};

type BulkAction = ((...args: never[]) => unknown) & { type?: string };

type CtbForms = {
  extendContentType: (extension: {
    validator: () => Record<string, unknown>;
    form: { advanced: () => unknown[] };
  }) => void;
};

export default {
  register(app: StrapiApp) {
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });

    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: ChartBubble,
      intlLabel: { id: getTranslation('menu.coverage'), defaultMessage: 'Journey coverage' },
      // Hidden from roles without the plugin's read permission, as the route refuses them too.
      permissions: [{ action: 'plugin::journey.coverage.read', subject: null }],
      // Coverage, the review queue and recent tag changes: tabs under the one menu link.
      Component: () => import('./components/JourneyRoutes'),
    });

    // Home-page widgets, shown only to roles that may read coverage, as the routes they read
    // require. An array, not a reducer: Strapi's first widget API (5.13) took only that.
    const coverageRead = [{ action: 'plugin::journey.coverage.read' }];
    app.widgets.register([
      {
        id: 'coverage-gaps',
        pluginId: PLUGIN_ID,
        icon: ChartBubble,
        title: { id: getTranslation('widget.coverage.title'), defaultMessage: 'Journey gaps' },
        link: {
          label: { id: getTranslation('widget.coverage.link'), defaultMessage: 'See coverage' },
          href: `/plugins/${PLUGIN_ID}`,
        },
        component: async () => (await import('./components/widgets/Widgets')).CoverageWidget,
        permissions: coverageRead,
      },
      {
        id: 'review-queue',
        pluginId: PLUGIN_ID,
        icon: PriceTag,
        title: { id: getTranslation('widget.queue.title'), defaultMessage: 'Waiting for tags' },
        link: {
          label: {
            id: getTranslation('widget.queue.link'),
            defaultMessage: 'Open the review queue',
          },
          href: `/plugins/${PLUGIN_ID}/queue`,
        },
        component: async () => (await import('./components/widgets/Widgets')).QueueWidget,
        permissions: coverageRead,
      },
    ]);

    // Without this the Content-Type Builder strips `pluginOptions.journey` when a user saves the
    // type, silently turning the journey fields off; with it, the flag is a checkbox there.
    const forms = app.getPlugin('content-type-builder')?.apis?.forms as CtbForms | undefined;
    forms?.extendContentType({
      validator: () => ({ journey: yup.object().shape({ enabled: yup.bool() }) }),
      form: {
        advanced: () => [
          {
            name: 'pluginOptions.journey.enabled',
            type: 'checkbox',
            intlLabel: {
              id: getTranslation('ctb.enabled.label'),
              defaultMessage: 'Journey stages and search intent',
            },
            description: {
              id: getTranslation('ctb.enabled.description'),
              defaultMessage: 'Lets editors tag entries with journey stages and a search intent',
            },
          },
        ],
      },
    });
  },

  bootstrap(app: StrapiApp) {
    // Settings → Journey, only for roles that may manage journeys, as the routes require.
    app.addSettingsLink('global', {
      id: PLUGIN_ID,
      to: PLUGIN_ID,
      intlLabel: { id: getTranslation('settings.link'), defaultMessage: 'Journey' },
      permissions: [{ action: 'plugin::journey.journeys.manage', subject: null }],
      Component: () => import('./pages/SettingsPage'),
    });

    // Checked rather than assumed: the side-panel API is recent and a missing one must not break
    // the admin.
    const contentManager = app.getPlugin('content-manager')?.apis as
      { addEditViewSidePanel?: (panels: unknown[]) => void } | undefined;
    contentManager?.addEditViewSidePanel?.([JourneyPanel]);
    // Before Delete, as the content manager orders its own; the action hides itself on types
    // that are not journey-aware.
    (
      contentManager as
        { addBulkAction?: (reducer: (actions: BulkAction[]) => BulkAction[]) => void } | undefined
    )?.addBulkAction?.((actions) => {
      const at = actions.findIndex((action) => action.type === 'delete');
      const next = [...actions];
      next.splice(at < 0 ? next.length : at, 0, BulkTagAction as unknown as BulkAction);
      return next;
    });
    app.registerHook('Admin/CM/pages/ListView/inject-column-in-table', addJourneyColumns as never);
    app.registerHook('Admin/CM/pages/ListView/inject-in-filters', addJourneyFilters as never);
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        const file = translationFileOf(locale);
        if (!file) return { data: {}, locale };
        try {
          const { default: data } = await import(`./translations/${file}.json`);
          return { data: prefixPluginTranslations(data, PLUGIN_ID), locale };
        } catch {
          return { data: {}, locale };
        }
      })
    );
  },
};
