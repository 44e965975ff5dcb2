export const PLUGIN_ID = 'journey';
