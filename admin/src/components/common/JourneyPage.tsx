import * as React from 'react';
import { Layouts, Page } from '@strapi/strapi/admin';
import { JourneyTabs } from '../JourneyTabs';

/**
 * One of the plugin's pages: its document title, header with an optional primary action, and
 * the tabs between the journey views above its content. Dialogs go in `outside`, after the
 * content, as the design system's layouts expect.
 */
export const JourneyPage = ({
  title,
  subtitle,
  primaryAction,
  tabs = true,
  outside,
  children,
}: {
  title: string;
  subtitle?: string;
  primaryAction?: React.ReactNode;
  /** Settings is reached from the settings menu, not from the tabs. */
  tabs?: boolean;
  outside?: React.ReactNode;
  children: React.ReactNode;
}) => (
  <Page.Main>
    <Page.Title>{title}</Page.Title>
    <Layouts.Header title={title} subtitle={subtitle} primaryAction={primaryAction} />
    <Layouts.Content>
      {tabs && <JourneyTabs />}
      {children}
    </Layouts.Content>
    {outside}
  </Page.Main>
);
