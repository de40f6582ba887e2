/**
 * Mesh: the layer execution driver, its decisions store and the replay check.
 * @module
 */
export { MeshError, type MeshErrorCode } from './errors.js';
export { type AppliedLayerEvent, type MeshDeps, MeshExecutor } from './executor.js';
export { replayMesh } from './replay.js';
export { type MeshLayer, getLastMeshLayer, getMeshLayer, listMeshLayers } from './store.js';
