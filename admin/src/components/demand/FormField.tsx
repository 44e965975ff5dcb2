import * as React from 'react';
import { Box, Field } from '@strapi/design-system';

/** One field of the import form: label, the input, its hint or error, at a minimum width. */
export const FormField = ({
  name,
  label,
  minWidth,
  required = false,
  hint,
  error,
  children,
}: {
  name: string;
  label: string;
  minWidth: string;
  required?: boolean;
  hint?: string;
  /** A field that can be wrong: its message, or null while it is right. */
  error?: string | null;
  children: React.ReactNode;
}) => (
  <Box minWidth={minWidth}>
    <Field.Root name={name} required={required} hint={hint} error={error ?? undefined}>
      <Field.Label>{label}</Field.Label>
      {children}
      {hint && <Field.Hint />}
      {error !== undefined && <Field.Error />}
    </Field.Root>
  </Box>
);
