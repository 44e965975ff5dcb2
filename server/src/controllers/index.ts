import coverage from './coverage';
import journeys from './journeys';

export default { coverage, journeys };
