import * as React from 'react';
import { Box, Typography } from '@strapi/design-system';

type Tone = 'neutral' | 'warning' | 'danger';

const COLOUR: Record<Tone, 'neutral600' | 'warning600' | 'danger600'> = {
  neutral: 'neutral600',
  warning: 'warning600',
  danger: 'danger600',
};

/** One line of a notice that is there only when its count is: "3 skipped", "2 left". */
export const CountLine = ({
  count,
  children,
  tone,
  small = true,
  testId,
}: {
  count: number;
  children: React.ReactNode;
  /** Without a tone the line reads as body text. */
  tone?: Tone;
  small?: boolean;
  testId?: string;
}) =>
  count > 0 ? (
    <Typography
      tag="p"
      variant={small ? 'pi' : undefined}
      textColor={tone ? COLOUR[tone] : undefined}
      data-testid={testId}
    >
      {children}
    </Typography>
  ) : null;

export interface CountNoticeLine {
  count: number;
  text: string;
  tone?: Tone;
  small?: boolean;
  testId?: string;
}

/**
 * What an action did, as a live status: a bold headline, then only the lines whose count is
 * not zero, then the first `max` items it names (the entries skipped and why).
 */
export const CountNotice = ({
  title,
  lines = [],
  items = [],
  max = 20,
  testId,
}: {
  title: string;
  lines?: CountNoticeLine[];
  items?: string[];
  max?: number;
  testId?: string;
}) => (
  <Box paddingBottom={4} role="status" aria-live="polite" data-testid={testId}>
    <Typography fontWeight="bold">{title}</Typography>
    {lines.map((line) => (
      <CountLine
        key={line.text}
        count={line.count}
        tone={line.tone}
        small={line.small}
        testId={line.testId}
      >
        {line.text}
      </CountLine>
    ))}
    <CountLine count={items.length} tone="neutral">
      {items.slice(0, max).join(', ')}
    </CountLine>
  </Box>
);

/** The distinct reasons of skipped entries, as one readable list. */
export const reasons = (skipped: Array<{ reason: string }>) =>
  [...new Set(skipped.map((s) => s.reason))].join(', ');

/** The message of a route's error (RTK Query's or the fetch client's) or of a plain string. */
export const messageOf = (error: unknown): string | null => {
  if (!error) return null;
  if (typeof error === 'string') return error;
  const e = error as {
    response?: { data?: { error?: { message?: string } } };
    data?: { error?: { message?: string } };
    message?: string;
  };
  return e.response?.data?.error?.message ?? e.data?.error?.message ?? e.message ?? 'Error';
};

/** A failed load or action in the danger colour; nothing when there is no error. */
export const ErrorNotice = ({
  error,
  inline = false,
  testId,
}: {
  error: unknown;
  /** In a dialog or a form: no space below. */
  inline?: boolean;
  testId?: string;
}) => {
  const message = messageOf(error);
  if (!message) return null;
  const line = (
    <Typography textColor="danger600" data-testid={testId}>
      {message}
    </Typography>
  );
  return inline ? line : <Box paddingBottom={4}>{line}</Box>;
};
