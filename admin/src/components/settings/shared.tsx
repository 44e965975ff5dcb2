import * as React from 'react';
import {
  Box,
  Button,
  Field,
  Flex,
  IconButton,
  Modal,
  Textarea,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { ArrowDown, ArrowUp } from '@strapi/icons';
import { errorOf } from '../../api/journeys';
import { LANGUAGES } from '../../pages/settings-form';
import { useT } from '../common/useT';

/** Pieces the settings dialogs share with each other and with the journey map's edit in place. */

export { useT };

export const TextField = ({
  name,
  label,
  value,
  onChange,
  hint,
  multiline = false,
  required = false,
}: {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  multiline?: boolean;
  required?: boolean;
}) => (
  <Field.Root name={name} hint={hint} required={required}>
    <Field.Label>{label}</Field.Label>
    {multiline ? (
      <Textarea value={value} onChange={(e) => onChange(e.target.value)} />
    ) : (
      <TextInput value={value} onChange={(e) => onChange(e.target.value)} />
    )}
    <Field.Hint />
  </Field.Root>
);

/** The frame of the settings' edit dialogs: title, fields, the last save's error, Cancel, Save. */
export const EditModal = ({
  title,
  error,
  onClose,
  onSave,
  saveLabel,
  saveDisabled = false,
  children,
}: {
  title: string;
  error: string | null;
  onClose: () => void;
  onSave: () => void;
  saveLabel?: string;
  saveDisabled?: boolean;
  children: React.ReactNode;
}) => {
  const t = useT();
  return (
    <Modal.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{title}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            {children}
            {error && (
              <Typography textColor="danger600" role="alert">
                {error}
              </Typography>
            )}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Button variant="tertiary" onClick={onClose}>
            {t('settings.cancel', 'Cancel')}
          </Button>
          <Button onClick={onSave} disabled={saveDisabled}>
            {saveLabel ?? t('settings.save', 'Save')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};

/** Name, key and the name in each language: alike for journeys and stages. */
export const NameFields = ({
  name,
  keyValue,
  names,
  onName,
  onKey,
  onNames,
}: {
  name: string;
  keyValue: string;
  names: (lang: string) => string;
  onName: (value: string) => void;
  onKey: (value: string) => void;
  onNames: (lang: string, value: string) => void;
}) => {
  const t = useT();
  return (
    <>
      <Flex gap={4} alignItems="flex-start">
        <Box flex="1">
          <TextField
            name="name"
            label={t('settings.field.name', 'Name')}
            value={name}
            onChange={onName}
            required
          />
        </Box>
        <Box flex="1">
          <TextField
            name="key"
            label={t('settings.field.key', 'Key')}
            hint={t('settings.field.keyHint', 'Used by the API and filters; tags are kept')}
            value={keyValue}
            onChange={onKey}
            required
          />
        </Box>
      </Flex>
      <Flex gap={4} alignItems="flex-start">
        {LANGUAGES.map((lang) => (
          <Box flex="1" key={lang}>
            <TextField
              name={`names.${lang}`}
              label={t(`settings.field.name.${lang}`, `Name (${lang})`)}
              value={names(lang)}
              onChange={(value) => onNames(lang, value)}
            />
          </Box>
        ))}
      </Flex>
    </>
  );
};

/** Saves through the dialog's callback and keeps the server's message to show in the dialog. */
export const useSubmit = (onSave: (data: Record<string, unknown>) => Promise<void>) => {
  const [error, setError] = React.useState<string | null>(null);
  const submit = async (data: Record<string, unknown>) => {
    try {
      await onSave(data);
    } catch (e) {
      setError(errorOf(e).message);
    }
  };
  return { error, submit };
};

/** Up and down by one place: the keyboard's way to reorder, beside drag and drop. */
export const MoveButtons = ({
  index,
  count,
  onMove,
}: {
  index: number;
  count: number;
  onMove: (from: number, to: number) => void;
}) => {
  const t = useT();
  return (
    <>
      <IconButton
        label={t('settings.moveUp', 'Move up')}
        variant="ghost"
        disabled={index === 0}
        onClick={() => onMove(index, index - 1)}
      >
        <ArrowUp />
      </IconButton>
      <IconButton
        label={t('settings.moveDown', 'Move down')}
        variant="ghost"
        disabled={index === count - 1}
        onClick={() => onMove(index, index + 1)}
      >
        <ArrowDown />
      </IconButton>
    </>
  );
};
