// Where the text lives. With a folder: the studio's kling/studio/* requests list, read, create,
// rename and save its .kling files (the server refuses any path outside the folder, and says why).
// Without: one scratch buffer in the browser's localStorage, so a reload loses nothing.
const SCRATCH_KEY = "kling-studio-scratch";
export const SCRATCH_URI = "untitled:scratch.kling";

export const SAMPLE = `---
title: My first clip
duration: 5
aspect: 16:9
---

# Harbour at dawn {duration=5}
Shot 1 (5s): A fisherman in a yellow slicker mends a net on the pier and says calmly, "We sail at dawn."
Soft ambient piano music plays in the background while gulls cry.
`;

export class FolderFiles {
  constructor(client) {
    this.client = client;
    this.folder = null;
    this.files = [];
  }

  async list() {
    const answer = await this.client.request("kling/studio/files", {});
    this.folder = answer.folder;
    this.files = answer.files;
    return this.files;
  }

  read(path) {
    return this.client.request("kling/studio/read", { path });
  }

  create(path, text) {
    return this.client.request("kling/studio/create", { path, text });
  }

  save(path, text) {
    return this.client.request("kling/studio/save", { path, text });
  }

  rename(from, to) {
    return this.client.request("kling/studio/rename", { from, to });
  }
}

export const scratch = {
  load() {
    return localStorage.getItem(SCRATCH_KEY) ?? SAMPLE;
  },
  keep(text) {
    localStorage.setItem(SCRATCH_KEY, text);
  },
};

export function errorText(error) {
  return (error && (error.message || error.data)) || String(error);
}
