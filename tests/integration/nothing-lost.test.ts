import { ARTICLE, PAGE, createTagged, stageIds } from '../helpers/content';
import { useApp } from '../helpers/suite';

const app = useApp({ admin: true });

const journeys = () => app.strapi.plugin('journey').service('journeys');
const admin = app.http;

/** Stage keys of a document's draft and published rows, read straight from the document service. */
const tagsOf = async (uid: string, documentId: string, locale?: string) => {
  const read = async (status: 'draft' | 'published') => {
    const doc = (await app.strapi.documents(uid as never).findOne({
      documentId,
      status,
      populate: { journeyStages: { populate: ['journey'] } },
      ...(locale ? { locale } : {}),
    } as never)) as unknown as {
      journeyStages: Array<{ key: string; journey: { key: string } }>;
    } | null;
    return doc ? doc.journeyStages.map((s) => `${s.journey.key}.${s.key}`).sort() : null;
  };
  return { draft: await read('draft'), published: await read('published') };
};

/** A second journey, so that moves across journeys can be tested. */
const createPartnerJourney = async () => {
  const result = await journeys().importJourneys(
    {
      journeys: [
        {
          key: 'partner',
          name: 'Partner journey',
          stages: [
            { key: 'recruit', name: 'Recruit' },
            { key: 'enable', name: 'Enable' },
          ],
        },
      ],
    },
    { dryRun: false }
  );
  expect(result.summary).toMatchObject({ create: 3 });
};

describe('deleting a stage', () => {
  test('is refused, with the count per content type, while entries use it', async () => {
    const stages = await stageIds(app.strapi);
    const published = await createTagged(app.strapi, ARTICLE, stages, {
      title: 'Usage published',
      stages: ['usage'],
      status: 'published',
    });
    // A draft-only entry counts too: it is an editor's work.
    await createTagged(app.strapi, ARTICLE, stages, {
      title: 'Usage draft',
      stages: ['usage', 'loyalty'],
    });
    await createTagged(app.strapi, PAGE, stages, { title: 'Usage page', stages: ['usage'] });

    await expect(journeys().deleteStage(stages.usage)).rejects.toThrow(
      'Stage "customer.usage" is used by 3 entries (2 in api::article.article, 1 in api::page.page)'
    );

    // The admin route says the same, as a 400 in Strapi's error shape.
    const res = await admin()
      .delete(`/journey/stages/${stages.usage}`)
      .set('Authorization', `Bearer ${app.token}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('is used by 3 entries');
    expect(res.body.error.details.usage).toEqual([
      { contentType: ARTICLE, documents: 2 },
      { contentType: PAGE, documents: 1 },
    ]);

    // The content manager deletes through the document service: the same guard holds there.
    await expect(
      app.strapi
        .documents('plugin::journey.stage' as never)
        .delete({ documentId: stages.usage } as never)
    ).rejects.toThrow('is used by 3 entries');

    expect((await stageIds(app.strapi)).usage).toBe(stages.usage);
    expect(await tagsOf(ARTICLE, published.documentId)).toEqual({
      draft: ['customer.usage'],
      published: ['customer.usage'],
    });
  });

  test('with moveTo moves every tag, on drafts and published versions alike, then deletes it', async () => {
    const stages = await stageIds(app.strapi);
    const both = await createTagged(app.strapi, ARTICLE, stages, {
      title: 'Tagged usage and loyalty',
      stages: ['usage', 'loyalty'],
      status: 'published',
    });
    const moved = await createTagged(app.strapi, ARTICLE, stages, {
      title: 'Only usage',
      stages: ['usage'],
      status: 'published',
    });

    const res = await admin()
      .delete(`/journey/stages/${stages.usage}?moveTo=customer.loyalty`)
      .set('Authorization', `Bearer ${app.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      deleted: 'customer.usage',
      moved: { to: 'customer.loyalty', entries: 5 },
    });

    expect((await stageIds(app.strapi)).usage).toBeUndefined();
    // An entry that had both stages keeps one loyalty tag, not two.
    expect(await tagsOf(ARTICLE, both.documentId)).toEqual({
      draft: ['customer.loyalty'],
      published: ['customer.loyalty'],
    });
    expect(await tagsOf(ARTICLE, moved.documentId)).toEqual({
      draft: ['customer.loyalty'],
      published: ['customer.loyalty'],
    });
    const usage = await app.strapi.plugin('journey').service('content-types');
    expect(usage.journeyAwareUids()).toEqual([ARTICLE, PAGE]);
  });

  test('with a moveTo that is not a remaining stage is refused and changes nothing', async () => {
    const stages = await stageIds(app.strapi);
    await expect(
      journeys().deleteStage(stages.loyalty, { moveTo: stages.loyalty })
    ).rejects.toThrow('moveTo');
    await expect(
      journeys().deleteStage(stages.loyalty, { moveTo: 'customer.nowhere' })
    ).rejects.toThrow('moveTo "customer.nowhere" is not a stage that remains');
    expect((await stageIds(app.strapi)).loyalty).toBe(stages.loyalty);
  });

  test('that no entry uses succeeds without a moveTo', async () => {
    await createPartnerJourney();
    const partner = await stageIds(app.strapi, 'partner');
    const res = await admin()
      .delete(`/journey/stages/${partner.enable}`)
      .set('Authorization', `Bearer ${app.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ deleted: 'partner.enable', moved: null });
  });
});

describe('renaming and reordering', () => {
  test('renaming a stage (name and translated names) keeps every tag', async () => {
    const stages = await stageIds(app.strapi);
    const doc = await createTagged(app.strapi, ARTICLE, stages, {
      title: 'Decision piece',
      stages: ['decision'],
      status: 'published',
    });
    await app.strapi.documents('plugin::journey.stage' as never).update({
      documentId: stages.decision,
      data: { name: 'Choose', names: { en: 'Choose', sv: 'Välja', nb: 'Velge' } },
    } as never);
    expect(await tagsOf(ARTICLE, doc.documentId)).toEqual({
      draft: ['customer.decision'],
      published: ['customer.decision'],
    });
    const [customer] = await journeys().list();
    expect(customer.stages.find((s: { key: string }) => s.key === 'decision').names.sv).toBe(
      'Välja'
    );
  });

  test('changing a stage key keeps its tags, and a duplicate key is refused', async () => {
    const stages = await stageIds(app.strapi);
    const doc = await createTagged(app.strapi, PAGE, stages, {
      title: 'Consider page',
      stages: ['consideration'],
    });
    const stageDocs = app.strapi.documents('plugin::journey.stage' as never);
    await stageDocs.update({
      documentId: stages.consideration,
      data: { key: 'evaluation' },
    } as never);
    expect((await tagsOf(PAGE, doc.documentId)).published).toEqual(['customer.evaluation']);
    await expect(
      stageDocs.update({ documentId: stages.consideration, data: { key: 'awareness' } } as never)
    ).rejects.toThrow('key "awareness" is already used in journey "customer"');
    await expect(
      stageDocs.update({ documentId: stages.consideration, data: { key: 'Not A Slug' } } as never)
    ).rejects.toThrow('key: must be a lowercase slug');
    await stageDocs.update({
      documentId: stages.consideration,
      data: { key: 'consideration' },
    } as never);
  });

  test('reordering stages changes positions and no tag', async () => {
    const stages = await stageIds(app.strapi);
    const doc = await createTagged(app.strapi, ARTICLE, stages, {
      title: 'Awareness piece',
      stages: ['awareness', 'loyalty'],
      status: 'published',
    });
    const before = await tagsOf(ARTICLE, doc.documentId);
    const order = ['loyalty', 'decision', 'consideration', 'awareness'];
    const res = await admin()
      .put('/journey/journeys/customer/stages/order')
      .set('Authorization', `Bearer ${app.token}`)
      .send({ stages: order });
    expect(res.status).toBe(200);
    const [customer] = await journeys().list();
    expect(customer.stages.map((s: { key: string }) => s.key)).toEqual(order);
    expect(customer.stages.map((s: { position: number }) => s.position)).toEqual([0, 1, 2, 3]);
    expect(await tagsOf(ARTICLE, doc.documentId)).toEqual(before);

    const bad = await admin()
      .put('/journey/journeys/customer/stages/order')
      .set('Authorization', `Bearer ${app.token}`)
      .send({ stages: ['loyalty', 'decision'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/stages/);
  });
});

describe('deleting a journey', () => {
  test('is refused while its stages tag entries, and with moveTo carries them to another journey', async () => {
    const partner = await stageIds(app.strapi, 'partner');
    const stages = await stageIds(app.strapi);
    const doc = await app.strapi.documents(ARTICLE as never).create({
      data: { title: 'Partner piece', journeyStages: [partner.recruit, stages.awareness] },
      status: 'published',
    } as never);
    const id = (doc as unknown as { documentId: string }).documentId;

    const refused = await admin()
      .delete('/journey/journeys/partner')
      .set('Authorization', `Bearer ${app.token}`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe(
      'Journey "partner" is used by 1 entry (1 in api::article.article). Name a stage to move them to (moveTo) before deleting it.'
    );

    const res = await admin()
      .delete('/journey/journeys/partner?moveTo=customer.decision')
      .set('Authorization', `Bearer ${app.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      deleted: 'partner',
      moved: { to: 'customer.decision', entries: 1 },
    });
    expect((await journeys().list()).map((j: { key: string }) => j.key)).toEqual(['customer']);
    expect(await tagsOf(ARTICLE, id)).toEqual({
      draft: ['customer.awareness', 'customer.decision'],
      published: ['customer.awareness', 'customer.decision'],
    });
    // Its stages went with it: no orphan stage is left to tag entries with.
    const orphans = await app.strapi.db
      .query('plugin::journey.stage')
      .count({ where: { journey: null } });
    expect(orphans).toBe(0);
  });
});
