/**
 * File extensions the CLI picks up when it walks a folder or expands a glob (lower case). PNG and
 * JPEG are read natively; the others need the optional package sharp.
 * @internal
 */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['.png', '.jpg', '.jpeg', '.jpe', '.jfif', '.webp', '.gif', '.avif', '.tif', '.tiff']);
