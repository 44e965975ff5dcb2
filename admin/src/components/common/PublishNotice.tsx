import * as React from 'react';
import { Button, Flex, Typography } from '@strapi/design-system';
import { Upload } from '@strapi/icons';
import {
  usePublishWrittenMutation,
  useMayPublish,
  waitingOnPublish,
  type WrittenDocuments,
} from '../../api/publish';
import { messageOf } from './CountNotice';
import { useT } from './useT';

/** One content type and locale of a write: its publish button, or why there is none. */
const PublishGroup = ({ group }: { group: WrittenDocuments }) => {
  const t = useT();
  const mayPublish = useMayPublish(group.contentType, group.locale);
  const [publish, { isLoading, isSuccess, error, data }] = usePublishWrittenMutation();
  const count = group.documentIds.length;
  if (isSuccess) {
    return (
      <Typography textColor="success600" data-testid="publish-written-done">
        {t(
          'publish.done',
          '{count, plural, one {# entry published} other {# entries published}}: the tags are live',
          {
            count: data?.count ?? count,
          }
        )}
      </Typography>
    );
  }
  if (!mayPublish) {
    return (
      <Typography variant="pi" textColor="neutral600" data-testid="publish-written-denied">
        {t(
          'publish.notAllowed',
          'Someone who may publish these entries in the content manager can make the tags live.'
        )}
      </Typography>
    );
  }
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <Button
        variant="default"
        startIcon={<Upload />}
        loading={isLoading}
        onClick={() => publish(group)}
        data-testid="publish-written"
      >
        {t(
          'publish.button',
          '{count, plural, one {Publish # entry} other {Publish these # entries}}',
          { count }
        )}
      </Button>
      {error ? (
        <Typography variant="pi" textColor="danger600" data-testid="publish-written-error">
          {messageOf(error)}
        </Typography>
      ) : null}
    </Flex>
  );
};

/**
 * After a tag write (a bulk tag, a queue accept): says where the tags went. On drafts they
 * change coverage, the map and the public API only once published, so the entries written are
 * offered to Strapi's own publish, to those who may publish them. Nothing when nothing waits.
 */
export const PublishNotice = ({ written }: { written: WrittenDocuments[] | undefined }) => {
  const t = useT();
  const waiting = waitingOnPublish(written);
  if (!waiting.length) return null;
  const count = waiting.reduce((n, w) => n + w.documentIds.length, 0);
  return (
    <Flex
      direction="column"
      alignItems="stretch"
      gap={2}
      padding={4}
      background="primary100"
      borderColor="primary200"
      hasRadius
      role="status"
      data-testid="publish-notice"
    >
      <Typography fontWeight="semiBold" data-testid="publish-notice-text">
        {t(
          'publish.waiting',
          '{count, plural, one {# entry tagged} other {# entries tagged}}, saved on the drafts: publish to make the tags live',
          { count }
        )}
      </Typography>
      {waiting.map((group) => (
        <PublishGroup key={`${group.contentType}|${group.locale ?? ''}`} group={group} />
      ))}
    </Flex>
  );
};
