import journey from './journey';
import stage from './stage';
import tagChange from './tag-change';
import tagChangeEntry from './tag-change-entry';

export default { journey, stage, 'tag-change': tagChange, 'tag-change-entry': tagChangeEntry };
