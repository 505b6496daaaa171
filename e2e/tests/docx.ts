// Reads the text of a downloaded .docx (a zip) with node:zlib only: find `word/document.xml`
// through the zip's central directory, inflate it (method 8) and drop the XML tags. Paragraphs
// (`</w:p>`) become line breaks; runs of one paragraph are joined as they are, so a number that
// Word splits over several runs (海商安通〔2026〕5号) still reads as one string.
import { promises as fs } from 'node:fs'
import zlib from 'node:zlib'

/** The bytes of one entry of a zip archive (stored or deflated). */
export function zipEntry(zip: Buffer, name: string): Buffer {
  // end of central directory: signature 0x06054b50, searched from the end (a comment may follow)
  let eocd = -1
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new Error('not a zip file')
  const entries = zip.readUInt16LE(eocd + 10)
  let p = zip.readUInt32LE(eocd + 16)
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('broken central directory')
    const method = zip.readUInt16LE(p + 10)
    const compressed = zip.readUInt32LE(p + 20)
    const nameLen = zip.readUInt16LE(p + 28)
    const extraLen = zip.readUInt16LE(p + 30)
    const commentLen = zip.readUInt16LE(p + 32)
    const local = zip.readUInt32LE(p + 42)
    const entryName = zip.toString('utf8', p + 46, p + 46 + nameLen)
    if (entryName === name) {
      const localNameLen = zip.readUInt16LE(local + 26)
      const localExtraLen = zip.readUInt16LE(local + 28)
      const start = local + 30 + localNameLen + localExtraLen
      const data = zip.subarray(start, start + compressed)
      if (method === 0) return Buffer.from(data)
      if (method === 8) return zlib.inflateRawSync(data)
      throw new Error(`unsupported zip method ${method}`)
    }
    p += 46 + nameLen + extraLen + commentLen
  }
  throw new Error(`${name} not in the archive`)
}

/** The plain text of a .docx file's body. */
export async function docxText(file: string): Promise<string> {
  const xml = zipEntry(await fs.readFile(file), 'word/document.xml').toString('utf8')
  return xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<w:tab\/>/g, '\t')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
}
