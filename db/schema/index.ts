export * from './studies';
export * from './runs';
export * from './imports';
