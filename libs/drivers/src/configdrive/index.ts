export * from './iso9660';
export * from './build-configdrive';
