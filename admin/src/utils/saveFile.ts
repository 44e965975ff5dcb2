/**
 * Saves a Blob under a file name, as the browser's own download does. Exports that need the
 * admin's token cannot be plain links, so they are fetched and handed to the browser here.
 */
export const saveBlob = (name: string, blob: Blob) => {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Later, not at once: a browser may still be reading the URL when click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
};

/** Saves text (a CSV or JSON the admin built itself) as a file. */
export const saveText = (name: string, text: string, type: string) =>
  saveBlob(name, new Blob([text], { type }));
