import * as React from 'react';
import { Button, Field, Flex, Typography, VisuallyHidden } from '@strapi/design-system';
import { Upload } from '@strapi/icons';
import { useT } from './useT';

const sizeOf = (bytes: number) =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} kB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * A file field as Strapi's own upload dialog draws one: a dashed drop zone with a button that
 * opens the browser's file chooser (the input itself is visually hidden, still labelled by the
 * surrounding Field and reachable by tests), and the chosen file's name and size.
 */
export const FilePicker = React.forwardRef<
  HTMLInputElement,
  {
    accept: string;
    file: File | null;
    onFile: (file: File | null) => void;
    testId?: string;
  }
>(({ accept, file, onFile, testId }, ref) => {
  const t = useT();
  const { id, name } = Field.useField('JourneyFilePicker');
  const input = React.useRef<HTMLInputElement | null>(null);
  const [over, setOver] = React.useState(false);
  const setRefs = (node: HTMLInputElement | null) => {
    input.current = node;
    if (typeof ref === 'function') ref(node);
    else if (ref) ref.current = node;
  };
  return (
    <Flex
      direction="column"
      alignItems="center"
      gap={2}
      padding={4}
      hasRadius
      background={over ? 'primary100' : 'neutral100'}
      borderColor={over ? 'primary500' : 'neutral300'}
      borderStyle="dashed"
      borderWidth="1px"
      data-testid={testId ? `${testId}-zone` : undefined}
      onDragOver={(e: React.DragEvent) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e: React.DragEvent) => {
        e.preventDefault();
        setOver(false);
        const dropped = e.dataTransfer.files?.[0];
        if (dropped) onFile(dropped);
      }}
    >
      <Typography variant="pi" textColor="neutral600">
        {t('file.drop', 'Drag and drop a file here, or')}
      </Typography>
      <Button variant="secondary" startIcon={<Upload />} onClick={() => input.current?.click()}>
        {file ? t('file.change', 'Choose another file') : t('file.choose', 'Choose a file')}
      </Button>
      <Typography
        variant="pi"
        fontWeight={file ? 'bold' : undefined}
        textColor={file ? 'neutral800' : 'neutral500'}
        data-testid={testId ? `${testId}-name` : undefined}
      >
        {file ? `${file.name} (${sizeOf(file.size)})` : t('file.none', 'No file chosen')}
      </Typography>
      <VisuallyHidden>
        <input
          ref={setRefs}
          id={id}
          name={name}
          type="file"
          accept={accept}
          tabIndex={-1}
          data-testid={testId}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => onFile(e.target.files?.[0] ?? null)}
        />
      </VisuallyHidden>
    </Flex>
  );
});

FilePicker.displayName = 'FilePicker';
