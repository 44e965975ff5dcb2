import journey from './journey';
import stage from './stage';

export default { journey, stage };
