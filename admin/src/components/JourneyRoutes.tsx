import { Route, Routes } from 'react-router-dom';
import { ProtectedAnalyticsPage } from '../pages/AnalyticsPage';
import { CoveragePage } from '../pages/CoveragePage';
import { DemandPage } from '../pages/DemandPage';
import { JourneyMapPage } from '../pages/JourneyMapPage';
import { ReviewQueuePage } from '../pages/ReviewQueuePage';
import { TagChangesPage } from '../pages/TagChangesPage';

/** The plugin's pages under its one menu link: /plugins/journey[/map|/queue|/changes|/demand]. */
const JourneyRoutes = () => (
  <Routes>
    <Route index element={<CoveragePage />} />
    <Route path="map" element={<JourneyMapPage />} />
    <Route path="queue" element={<ReviewQueuePage />} />
    <Route path="changes" element={<TagChangesPage />} />
    <Route path="demand" element={<DemandPage />} />
    <Route path="analytics" element={<ProtectedAnalyticsPage />} />
  </Routes>
);

export default JourneyRoutes;
