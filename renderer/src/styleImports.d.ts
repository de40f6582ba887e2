/**
 * Screens import their own stylesheet (`import './dashboard.css'`); Vite bundles it as a file served by 'self'.
 * This tells TypeScript such side-effect imports exist.
 * @module
 */
declare module '*.css';
