import { Route, Routes } from 'react-router-dom';
import { CoveragePage } from '../pages/CoveragePage';
import { ReviewQueuePage } from '../pages/ReviewQueuePage';
import { TagChangesPage } from '../pages/TagChangesPage';

/** The plugin's pages under its one menu link: /plugins/journey[/queue|/changes]. */
const JourneyRoutes = () => (
  <Routes>
    <Route index element={<CoveragePage />} />
    <Route path="queue" element={<ReviewQueuePage />} />
    <Route path="changes" element={<TagChangesPage />} />
  </Routes>
);

export default JourneyRoutes;
