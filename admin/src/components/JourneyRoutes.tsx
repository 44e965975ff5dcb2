import { Route, Routes } from 'react-router-dom';
import { CoveragePage } from '../pages/CoveragePage';
import { JourneyMapPage } from '../pages/JourneyMapPage';
import { ReviewQueuePage } from '../pages/ReviewQueuePage';
import { TagChangesPage } from '../pages/TagChangesPage';

/** The plugin's pages under its one menu link: /plugins/journey[/map|/queue|/changes]. */
const JourneyRoutes = () => (
  <Routes>
    <Route index element={<CoveragePage />} />
    <Route path="map" element={<JourneyMapPage />} />
    <Route path="queue" element={<ReviewQueuePage />} />
    <Route path="changes" element={<TagChangesPage />} />
  </Routes>
);

export default JourneyRoutes;
